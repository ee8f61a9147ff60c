package dev.eventlane.streams.analytics;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.eventlane.schemas.Event;
import dev.eventlane.schemas.UserDay;
import dev.eventlane.schemas.kafka.RecordKeys;

/**
 * Publishes each (project, user, UTC day of event time) once: the first event of a user on a day. Late and
 * historical events are placed on their own day whenever they arrive. Input is keyed by project and user.
 */
class UserDayProcessor implements Processor<String, Event, String, UserDay> {

    private final String storeName;
    private ProcessorContext<String, UserDay> context;
    /** (project, user, epoch day) to the arrival time of its first event. */
    private KeyValueStore<String, Long> seen;

    UserDayProcessor(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<String, UserDay> context) {
        this.context = context;
        this.seen = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        if (event == null || event.getUserId() == null || event.getUserId().isEmpty()) {
            return;
        }
        LocalDate day = LocalDate.ofInstant(event.getTimestamp(), ZoneOffset.UTC);
        String user = RecordKeys.user(event.getProjectId(), event.getUserId());
        String key = user + RecordKeys.SEPARATOR + day.toEpochDay();
        if (seen.get(key) != null) {
            return;
        }
        seen.put(key, record.timestamp());
        context.forward(new Record<>(user, new UserDay(event.getProjectId(), event.getUserId(), day),
                record.timestamp()));
    }
}
