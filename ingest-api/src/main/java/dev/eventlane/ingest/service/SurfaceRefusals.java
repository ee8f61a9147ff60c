package dev.eventlane.ingest.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

/** How each ingest resource words a refusal, found by the resource's class ({@link RefusingSurface}). */
@Singleton
public class SurfaceRefusals {

    /** An ingest resource that renders refusals in its surface's own error body. */
    public interface RefusingSurface {
        Response refuse(IngestException refusal);
    }

    private final Instance<RefusingSurface> surfaces;
    private final Map<Class<?>, Function<IngestException, Response>> byResource = new ConcurrentHashMap<>();

    public SurfaceRefusals(Instance<RefusingSurface> surfaces) {
        this.surfaces = surfaces;
    }

    /** The refusal of {@code resource}'s surface; a resource without one is a programming error. */
    public Function<IngestException, Response> of(Class<?> resource) {
        return byResource.computeIfAbsent(resource, type -> surfaces.stream().filter(type::isInstance).findFirst()
                .<Function<IngestException, Response>>map(surface -> surface::refuse)
                .orElseThrow(() -> new IllegalStateException(type.getName() + " is @KeyFirst but no "
                        + RefusingSurface.class.getSimpleName())));
    }
}
