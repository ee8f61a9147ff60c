package dev.eventlane.ingest.service;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an ingest endpoint whose API key {@link KeyFirstFilter} checks from the headers before the body is read, so
 * a request with a bad key is refused without its body ever being buffered (every surface sends the key in
 * {@code Authorization}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface KeyFirst {

    /** True for endpoints that take logs, which need a secret key. */
    boolean logs() default false;
}
