package io.weft.provisioner;

import io.weft.contracts.MessageType;
import io.weft.contracts.Topics;
import io.weft.contracts.event.JobEvent;
import io.weft.contracts.event.StepEvent;
import io.weft.testsupport.kafka.TopicReader;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Reads one job's events from {@code weft.job-events}, as the tracker would. */
public final class JobEvents implements AutoCloseable {

    private final TopicReader reader;

    private JobEvents(String bootstrapServers) {
        this.reader = TopicReader.open(bootstrapServers, Topics.JOB_EVENTS);
    }

    public static JobEvents open(String bootstrapServers) {
        return new JobEvents(bootstrapServers);
    }

    /** The job's events once they satisfy the condition. */
    public List<JobEvent> awaitUntil(String jobId, Duration timeout, Predicate<List<JobEvent>> condition) {
        reader.awaitUntil(timeout, all -> condition.test(of(jobId, all)));
        return of(jobId, reader.poll());
    }

    /** The job's events once {@code count} events of this type arrived. */
    public List<JobEvent> awaitCount(String jobId, Class<? extends JobEvent> type, int count) {
        return awaitUntil(jobId, Duration.ofSeconds(90), events -> events.stream().filter(type::isInstance).count() >= count);
    }

    /** The job's events once one of this type arrived. */
    public List<JobEvent> await(String jobId, Class<? extends JobEvent> type) {
        return awaitCount(jobId, type, 1);
    }

    private static List<JobEvent> of(String jobId, List<TopicReader.Received> records) {
        return records.stream().filter(r -> jobId.equals(r.key())).map(r -> (JobEvent) r.message()).toList();
    }

    /** {@code TYPE} or {@code TYPE:step} per event, for asserting sequences. */
    public static List<String> names(List<? extends JobEvent> events) {
        return events.stream().map(e -> MessageType.of(e).name() + (e instanceof StepEvent s ? ":" + s.step() : "")).toList();
    }

    @Override
    public void close() {
        reader.close();
    }
}
