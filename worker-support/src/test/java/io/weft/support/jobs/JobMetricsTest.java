package io.weft.support.jobs;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.weft.contracts.command.ProvisionGraphScenario;
import io.weft.testsupport.kafka.KafkaResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job metrics after real jobs through a real broker, read in the Prometheus exposition format the services
 * serve on /q/metrics: names and tags as docs/metrics.md documents them.
 */
@QuarkusTest
@QuarkusTestResource(KafkaResource.class)
class JobMetricsTest {

    @Inject
    CommandPublisher publisher;

    @Inject
    PrometheusMeterRegistry prometheus;

    @Test
    void aSucceededJobCountsByKindAndOutcomeAndTimesItsSteps() {
        double before = value("weft_jobs_total{kind=\"graph-scenario\",outcome=\"succeeded\"}");
        ProvisionGraphScenario command = WiringTest.command("retail");

        publisher.publish(command);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(value("weft_jobs_total{kind=\"graph-scenario\",outcome=\"succeeded\"}")).as(this::weftMetrics)
                        .isEqualTo(before + 1));
        String scrape = scrape();
        assertThat(scrape)
                .containsPattern("weft_job_duration_seconds_count\\{kind=\"graph-scenario\",outcome=\"succeeded\"\\} [1-9]")
                .containsPattern("weft_job_step_duration_seconds_bucket\\{kind=\"graph-scenario\",outcome=\"succeeded\",step=\"[^\"]+\",le=\"[^\"]+\"\\}")
                .contains("weft_jobs_running{kind=\"graph-scenario\"}")
                .contains("weft_jobs_oldest_running_seconds{kind=\"graph-scenario\"}");
    }

    @Test
    void aRejectedCommandCountsAsAFailedJob() {
        double before = failedJobs();

        publisher.publish(WiringTest.command("reject-me"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(failedJobs()).isEqualTo(before + 1));
        // The dead letter shows on the Kafka client metrics the DLQ alert reads (docs/metrics.md).
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape().lines()
                .filter(l -> l.startsWith("kafka_producer_record_send_total{")
                        && l.contains("client_id=\"kafka-dead-letter-topic-producer-kafka-consumer-provision-commands\""))
                .mapToDouble(l -> sampleValue(l)).sum())
                .as(() -> String.join("\n", scrape().lines().filter(l -> l.startsWith("kafka_producer_record_send_total")).toList()))
                .isGreaterThanOrEqualTo(1));
    }

    /** The exposition text as Prometheus reads it; the client writes a trailing comma in label sets ({a="b",}). */
    private String scrape() {
        return prometheus.scrape().replace(",}", "}");
    }

    private String weftMetrics() {
        return String.join("\n", scrape().lines().filter(l -> l.startsWith("weft_")).toList());
    }

    private double failedJobs() {
        return scrape().lines().filter(l -> l.startsWith("weft_jobs_total{") && l.contains("outcome=\"failed\""))
                .mapToDouble(l -> sampleValue(l)).sum();
    }

    private double value(String series) {
        return scrape().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> sampleValue(l)).findFirst().orElse(0);
    }

    /** The sample's value: the token after the label set (an exemplar and its timestamp may follow, after "#"). */
    private static double sampleValue(String line) {
        // The series ends at the first space, or at the label set's "} " when it has one (an exemplar has its own).
        int space = line.indexOf(' ');
        int labels = line.indexOf('{');
        int start = labels >= 0 && labels < space ? line.indexOf("} ") + 2 : space + 1;
        return Double.parseDouble(line.substring(start).split(" ")[0]);
    }
}
