package dev.eventlane.streams.shared;

import java.util.List;

import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.eventlane.schemas.WebhookEndpoint;
import dev.eventlane.schemas.kafka.RecordKeys;

/** Projects' webhook endpoints, from the global store of the compacted {@code webhook-endpoints} topic. */
public final class Endpoints {

    private Endpoints() {
    }

    /**
     * Those of the endpoints stored under the project's keys ({@link GlobalStore.ByProject#of}) that receive
     * {@code kind}.
     */
    public static List<WebhookEndpoint> subscribers(List<WebhookEndpoint> projectEndpoints, String projectId,
            String kind) {
        if (projectEndpoints.isEmpty()) {
            return List.of(); // most projects, for every record of theirs: no stream to build
        }
        // A project id is a UUID: no other project's keys share the prefix, but the value says for sure.
        return projectEndpoints.stream().filter(endpoint -> endpoint != null
                && projectId.equals(endpoint.getProjectId()) && endpoint.getKinds().contains(kind)).toList();
    }

    /** One endpoint of the project, or null when it does not exist (any more). */
    public static WebhookEndpoint find(ReadOnlyKeyValueStore<String, WebhookEndpoint> store, String projectId,
            String endpointId) {
        return store.get(RecordKeys.owned(projectId, endpointId));
    }
}
