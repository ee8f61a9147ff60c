package dev.eventlane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every HTTP endpoint a service declares: its compiled JAX-RS resources ({@code <module>/target/classes}) read by
 * reflection, in a class loader of their own over the packaged application's libraries (the annotations and every
 * type a resource method names), so nothing of Quarkus reaches the test's class path.
 */
final class JaxRsEndpoints {

    /** One resource method: the service answering it, its HTTP method and its path template. */
    record Endpoint(String service, String method, String path) implements Comparable<Endpoint> {

        /** The path with every template parameter ({@code {org}}, {@code {id: [0-9]+}}) replaced by a value. */
        String concretePath() {
            return path.replaceAll("\\{[^}]*}", "p1");
        }

        @Override
        public int compareTo(Endpoint other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return method + " " + path + " (" + service + ")";
        }
    }

    private JaxRsEndpoints() {
    }

    static List<Endpoint> of(String service) {
        Path module = Service.repo().resolve(service);
        Path classes = module.resolve("target/classes");
        List<URL> urls = new ArrayList<>();
        urls.add(url(classes));
        for (String lib : List.of("target/quarkus-app/lib/boot", "target/quarkus-app/lib/main")) {
            try (Stream<Path> jars = Files.list(module.resolve(lib))) {
                jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> urls.add(url(p)));
            } catch (IOException e) {
                throw new UncheckedIOException("package " + service + " first (mvn package): " + lib, e);
            }
        }
        TreeSet<Endpoint> endpoints = new TreeSet<>();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
                Stream<Path> files = Files.walk(classes)) {
            Class<? extends Annotation> pathType = annotation(loader, "jakarta.ws.rs.Path");
            Class<? extends Annotation> httpMethodType = annotation(loader, "jakarta.ws.rs.HttpMethod");
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                // Only classes that name @Path are loaded; each of them must be readable.
                if (!new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("jakarta/ws/rs/Path")) {
                    continue;
                }
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> resource = Class.forName(name, false, loader);
                Annotation root = resource.getAnnotation(pathType);
                if (root == null) {
                    continue;
                }
                for (Method method : resource.getDeclaredMethods()) {
                    for (Annotation a : method.getAnnotations()) {
                        Annotation verb = a.annotationType().getAnnotation(httpMethodType);
                        if (verb != null) {
                            Annotation sub = method.getAnnotation(pathType);
                            String path = join(value(root), sub == null ? "" : value(sub));
                            endpoints.add(new Endpoint(service, value(verb), path));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the resources of " + service, e);
        }
        return List.copyOf(endpoints);
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation> annotation(ClassLoader loader, String name)
            throws ClassNotFoundException {
        return (Class<? extends Annotation>) Class.forName(name, false, loader);
    }

    private static String value(Annotation annotation) throws ReflectiveOperationException {
        return (String) annotation.annotationType().getMethod("value").invoke(annotation);
    }

    private static URL url(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path.toString(), e);
        }
    }
}
