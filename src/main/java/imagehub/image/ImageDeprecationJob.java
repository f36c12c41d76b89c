package imagehub.image;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import imagehub.access.Viewer;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts scheduled image deprecations into effect: a recurring db-scheduler task, run once per slot across nodes. */
public final class ImageDeprecationJob {
    public static final String TASK_NAME = "image-deprecations";
    private static final Logger log = LoggerFactory.getLogger(ImageDeprecationJob.class);

    private ImageDeprecationJob() {
    }

    public static RecurringTask<Void> task(ImageDeprecations deprecations, Clock clock) {
        return Tasks.recurring(TASK_NAME, FixedDelay.ofSeconds(30)).execute((instance, context) -> {
            int applied = deprecations.applyDueDeprecations(Viewer.system(), clock.instant());
            if (applied > 0) {
                log.info("{} scheduled image deprecation(s) took effect", applied);
            }
        });
    }
}
