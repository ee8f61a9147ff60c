package dev.eventlane.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft cluster of real brokers on this machine, each node broker and controller in one child JVM, with a static
 * controller quorum of all nodes: topics created with the broker's defaults get replication factor {@code size} and
 * {@code min.insync.replicas} {@code size - 1}, Kafka's internal topics (offsets, transactions) too. So any one node
 * can die and every {@code acks=all} write and every transaction still goes through.
 *
 * <p>Why: the scale-out tests kill one broker under load and must see the clients and the services move to the
 * survivors. Each node is a {@link KafkaBroker}, so {@link KafkaBroker#kill()} and {@link KafkaBroker#restart()}
 * work on a node as on the single broker.
 */
public final class KafkaCluster implements AutoCloseable {

    private final List<KafkaBroker> brokers;
    private final Path workDir;

    private KafkaCluster(Path workDir, List<KafkaBroker> brokers) {
        this.workDir = workDir;
        this.brokers = brokers;
    }

    /** Starts {@code size} nodes (at least 3) on free ports in a new temp directory, and waits until all serve. */
    public static KafkaCluster start(int size) {
        if (size < 3) {
            throw new IllegalArgumentException("a cluster that survives one node's death has at least 3 nodes");
        }
        KafkaBroker.libDir();
        Path dir = Dirs.temp("eventlane-kafka-cluster-");
        int[] ports = new int[size];
        int[] controllerPorts = new int[size];
        for (int i = 0; i < size; i++) {
            ports[i] = Ports.free();
            controllerPorts[i] = Ports.free();
        }
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < size; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts[i]);
        }
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaBroker> brokers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            brokers.add(KafkaBroker.prepare(dir.resolve("node-" + (i + 1)), ports[i], controllerPorts[i],
                    new KafkaBroker.ClusterRole(i + 1, voters.toString(), clusterId, size, size - 1)));
        }
        // No node serves before a quorum of controllers runs: start all, then wait for each.
        List<ChildProcess> processes = brokers.stream().map(KafkaBroker::spawn).toList();
        KafkaCluster cluster = new KafkaCluster(dir, brokers);
        try {
            for (int i = 0; i < size; i++) {
                brokers.get(i).awaitReady(processes.get(i));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** Every node's {@code 127.0.0.1:PORT}, comma-separated, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return brokers.stream().map(KafkaBroker::bootstrapServers).collect(Collectors.joining(","));
    }

    /** An Admin client on the whole cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /** Node {@code nodeId} (1 to size). */
    public KafkaBroker node(int nodeId) {
        return brokers.get(nodeId - 1);
    }

    public List<KafkaBroker> nodes() {
        return brokers;
    }

    /** Kills every node (their data is thrown away) and deletes the cluster's directory. */
    @Override
    public void close() {
        brokers.parallelStream().forEach(KafkaBroker::kill);
        Dirs.deleteQuietly(workDir);
    }
}
