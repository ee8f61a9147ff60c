package dev.eventlane.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic LogLogic traffic, deterministic from a seed: users come back in sessions separated by at least
 * {@link #SESSION_GAP}, walk a funnel step by step and drop off along the way, some buy (amounts in cents), and
 * about one event in a hundred is sent twice with the same {@code event_id}, as a retrying SDK does. Users' clocks
 * advance independently, so the stream arrives out of event-time order, as real traffic does.
 */
public final class EventGenerator implements Iterator<SimEvent> {

    /** A new session starts after this much inactivity (the sessionization rule of the analytics). */
    static final Duration SESSION_GAP = Duration.ofMinutes(30);
    static final double RETRY_RATE = 0.01;

    record Funnel(String name, List<String> steps, double[] keepGoing) {
    }

    static final List<Funnel> FUNNELS = List.of(
            new Funnel("checkout", List.of("app_open", "view_product", "add_to_cart", "enter_payment", "purchase"),
                    new double[] {1.0, 0.7, 0.5, 0.6, 0.8}),
            new Funnel("onboarding", List.of("signup_start", "verify_email", "profile_done", "first_action"),
                    new double[] {1.0, 0.8, 0.6, 0.7}),
            new Funnel("support", List.of("open_help", "search_help", "contact_agent"),
                    new double[] {1.0, 0.5, 0.3}));
    private static final String[] PLATFORMS = {"iOS", "Android", "Web"};

    private final SplittableRandom random;
    private final long[] userClock;
    private final int[] userSessions;
    private final String prefix;
    private final ArrayDeque<SimEvent> pending = new ArrayDeque<>();
    private long sequence;

    /**
     * @param seed  the same seed gives the same events, in the same order
     * @param run   goes into every event id: runs with the same seed send the same traffic under new ids, so the
     *              pipeline's de-duplication does not drop a second run as retries of the first
     * @param users how many distinct users the traffic comes from
     * @param start event time of the first sessions
     */
    public EventGenerator(long seed, String run, int users, Instant start) {
        this.random = new SplittableRandom(seed);
        this.userClock = new long[users];
        this.userSessions = new int[users];
        this.prefix = "b" + Long.toString(seed, 36) + "-" + run + "-";
        for (int u = 0; u < users; u++) {
            userClock[u] = start.toEpochMilli() + random.nextLong(Duration.ofDays(1).toMillis());
        }
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public SimEvent next() {
        if (pending.isEmpty()) {
            session();
        }
        return pending.poll();
    }

    private void session() {
        int user = random.nextInt(userClock.length);
        Funnel funnel = FUNNELS.get(random.nextInt(FUNNELS.size()));
        String userId = "u" + user;
        String sessionId = userId + "-s" + userSessions[user]++;
        String platform = PLATFORMS[user % PLATFORMS.length];
        long at = userClock[user];
        for (int step = 0; step < funnel.steps().size(); step++) {
            if (random.nextDouble() >= funnel.keepGoing()[step]) {
                break;
            }
            String action = funnel.steps().get(step);
            long amount = "purchase".equals(action) ? 499 + random.nextLong(19_500) : -1;
            SimEvent event = new SimEvent(prefix + sequence++, action, userId, funnel.name(), sessionId, platform,
                    at, amount);
            pending.add(event);
            if (random.nextDouble() < RETRY_RATE) {
                pending.add(event);
            }
            at += 5_000 + random.nextLong(115_000);
        }
        userClock[user] = at + SESSION_GAP.toMillis() + random.nextLong(Duration.ofHours(20).toMillis());
    }
}
