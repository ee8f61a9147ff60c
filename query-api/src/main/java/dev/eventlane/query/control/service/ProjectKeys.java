package dev.eventlane.query.control.service;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import dev.eventlane.platform.auth.ApiKeys;
import dev.eventlane.platform.auth.Scopes;
import dev.eventlane.query.config.ControlConfig;
import dev.eventlane.query.control.model.ApiKey;
import dev.eventlane.query.control.model.ApiKeyRepository;
import dev.eventlane.query.control.model.Project;

/**
 * API keys of a project. A key is shown once, when created; only its hash is stored. Creating or revoking a key
 * stores its record for the key topic, from which ingest-api and query-api authenticate, in the same transaction
 * ({@link ControlOutbox}): a change answered 2xx reaches them even if Kafka is away when it is made.
 */
@ApplicationScoped
public class ProjectKeys {

    public static final String SECRET = "secret";
    public static final String PUBLIC = "public";

    private final Tenancy tenancy;
    private final ApiKeyRepository keys;
    private final KeyPublisher publisher;
    private final ControlOutbox outbox;
    private final ControlConfig config;

    public ProjectKeys(Tenancy tenancy, ApiKeyRepository keys, KeyPublisher publisher, ControlOutbox outbox,
            ControlConfig config) {
        this.tenancy = tenancy;
        this.outbox = outbox;
        this.keys = keys;
        this.publisher = publisher;
        this.config = config;
    }

    /** A new key and the key itself, which is not stored and cannot be shown again. */
    public record Created(ApiKey key, String secret) {
    }

    /** What a caller asks for; nulls take the defaults. */
    public record Request(String name, String type, List<String> scopes, String format, String region) {
    }

    @Transactional
    public Created create(UUID userId, String orgId, String projectId, Request request) {
        outbox.lock();
        Project project = tenancy.project(userId, orgId, projectId);
        String type = Validate.orDefault(request.type(), SECRET);
        if (!SECRET.equals(type) && !PUBLIC.equals(type)) {
            throw ControlException.validation("type must be secret or public");
        }
        boolean secret = SECRET.equals(type);
        KeyFormat format = KeyFormat.of(request.format());
        String key = format.mint(secret, Validate.orDefault(request.region(), config.goodlogsRegion()));
        ApiKey created = new ApiKey();
        created.id = UUID.randomUUID();
        created.projectId = project.id;
        created.name = Validate.name("name", Validate.orDefault(request.name(), type + " key"));
        created.type = type;
        created.scopes = String.join(",", scopes(secret, request.scopes()));
        created.format = format.label();
        created.keyHash = ApiKeys.hash(key);
        created.masked = ApiKeys.mask(key);
        created.createdAt = Instant.now();
        keys.persistAndFlush(created);
        publisher.publish(project, List.of(created));
        return new Created(created, key);
    }

    public List<ApiKey> list(UUID userId, String orgId, String projectId) {
        return keys.ofProject(tenancy.project(userId, orgId, projectId).id);
    }

    /**
     * Revokes the key; ingest and query refuse it within a second of the answer, or of Kafka being back. Revoking
     * twice is harmless.
     */
    @Transactional
    public ApiKey revoke(UUID userId, String orgId, String projectId, String keyId) {
        outbox.lock();
        Project project = tenancy.project(userId, orgId, projectId);
        ApiKey key = keys.ofProject(project.id, Validate.id("key", keyId))
                .orElseThrow(() -> ControlException.notFound("key"));
        if (key.revokedAt == null) {
            key.revokedAt = Instant.now();
            keys.flush();
        }
        publisher.publish(project, List.of(key));
        return key;
    }

    /** Secret keys get every scope unless they ask for fewer; public keys may only ingest. */
    private static List<String> scopes(boolean secret, List<String> requested) {
        if (requested == null) {
            return secret ? Scopes.ALL : List.copyOf(Scopes.PUBLIC);
        }
        Set<String> scopes = new LinkedHashSet<>();
        for (String scope : requested) {
            if (!Scopes.ALL.contains(scope)) {
                throw ControlException.validation("unknown scope " + scope + "; scopes are " + Scopes.ALL);
            }
            if (!secret && !Scopes.PUBLIC.contains(scope)) {
                throw ControlException.validation("a public key may only have " + Scopes.INGEST_WRITE);
            }
            scopes.add(scope);
        }
        if (scopes.isEmpty()) {
            throw ControlException.validation("scopes must name at least one scope");
        }
        return List.copyOf(scopes);
    }
}
