package io.weft.provisioner.config;

import io.weft.fabric.client.http.Sleeper;
import io.weft.fabric.client.job.ItemJobClient;
import io.weft.fabric.client.job.JobInstancePoller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The job-instance poller item jobs use: fabric-client's, waiting on the thread and the system clock. */
@ApplicationScoped
public class ItemJobPollerProducer {

    @Produces
    @Singleton
    JobInstancePoller jobInstancePoller(ItemJobClient jobs) {
        return new JobInstancePoller(jobs, Sleeper.THREAD, Clock.systemUTC());
    }
}
