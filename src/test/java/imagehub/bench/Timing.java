package imagehub.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** Times one kind of request: warm-ups first, then samples, printed as p50 / p95 wall time. */
final class Timing {
    private Timing() {
    }

    /** {@code request} answers an HTTP status; anything but 200 stops the benchmark. */
    static void report(String label, int warmups, int samples, Supplier<Integer> request) {
        for (int i = 0; i < warmups; i++) {
            check(request.get());
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            long t = System.nanoTime();
            check(request.get());
            millis.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%-80s p50 %7.1f ms  p95 %7.1f ms%n", label, millis.get(samples / 2), millis.get(samples * 95 / 100));
    }

    static void check(int status) {
        if (status != 200) {
            throw new IllegalStateException("status " + status);
        }
    }
}
