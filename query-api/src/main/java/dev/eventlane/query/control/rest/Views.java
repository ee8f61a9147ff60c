package dev.eventlane.query.control.rest;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.eventlane.query.control.model.AccessToken;
import dev.eventlane.query.control.model.Account;
import dev.eventlane.query.control.model.ApiKey;
import dev.eventlane.query.control.model.Org;
import dev.eventlane.query.control.model.Project;

/** What the dashboard API returns: views of the entities, never the entities (and never a hash). */
final class Views {

    private Views() {
    }

    record User(String id, String email, @JsonProperty("created_at") Instant createdAt) {
        static User of(Account account) {
            return new User(account.id.toString(), account.email, account.createdAt);
        }
    }

    record OrgView(String id, String name, @JsonProperty("created_at") Instant createdAt) {
        static OrgView of(Org org) {
            return new OrgView(org.id.toString(), org.name, org.createdAt);
        }
    }

    record Member(@JsonProperty("user_id") String userId, String email, String role) {
    }

    record ProjectView(String id, @JsonProperty("org_id") String orgId, String name, String slug, String plan,
            @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("allowed_origins") List<String> allowedOrigins) {
        static ProjectView of(Project project) {
            return new ProjectView(project.id.toString(), project.orgId.toString(), project.name, project.slug,
                    project.plan, project.createdAt, project.originList());
        }
    }

    /** A key; {@code key} (the full key) only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Key(String id, String name, String type, List<String> scopes, String format, String masked, String key,
            @JsonProperty("created_at") Instant createdAt, @JsonProperty("revoked_at") Instant revokedAt) {
        static Key of(ApiKey key, String secret) {
            return new Key(key.id.toString(), key.name, key.type, key.scopeList(), key.format, key.masked, secret,
                    key.createdAt, key.revokedAt);
        }
    }

    /** A personal access token; {@code token} only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Token(String id, String name, String masked, String token, @JsonProperty("created_at") Instant createdAt,
            @JsonProperty("expires_at") Instant expiresAt, @JsonProperty("revoked_at") Instant revokedAt) {
        static Token of(AccessToken token, String secret) {
            return new Token(token.id.toString(), token.name, token.masked, secret, token.createdAt,
                    token.expiresAt, token.revokedAt);
        }
    }
}
