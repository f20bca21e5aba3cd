package io.weft.local;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws jobs and their steps with progress bars. On a terminal the block is redrawn in place; otherwise
 * (logs, CI) a line is printed whenever a step's state or progress changes.
 */
final class ProgressView {

    private static final int BAR = 24;

    private final PrintStream out;
    private final boolean redraw;
    private int linesDrawn;
    private final Map<String, String> lastLines = new HashMap<>();

    ProgressView(PrintStream out, boolean redraw) {
        this.out = out;
        this.redraw = redraw;
    }

    void draw(List<JsonNode> jobs) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (JsonNode job : jobs) {
            if (job == null) {
                lines.put("waiting", "  (waiting for the tracker to see the job)");
                continue;
            }
            String id = job.path("id").asText();
            String status = job.path("lifecycle").asText() + (job.hasNonNull("outcome") ? "/" + job.get("outcome").asText() : "");
            lines.put(id, String.format("%s %-22s %-20s %s", bar(job.path("progressPercent").asInt()), job.path("kind").asText(),
                    status, id));
            for (JsonNode step : job.path("steps")) {
                long done = step.path("done").asLong(0);
                long total = step.path("total").asLong(0);
                int percent = "SUCCEEDED".equals(step.path("state").asText()) ? 100
                        : step.hasNonNull("percentComplete") ? step.get("percentComplete").asInt()
                        : total > 0 ? (int) (100 * done / total) : 0;
                String count = total > 0 ? done + "/" + total + " " + step.path("unit").asText("") : "";
                String name = step.path("name").asText();
                lines.put(id + "/" + name, String.format("    %s %-22s %-10s %s", bar(percent), name,
                        step.path("state").asText(), count.trim()));
                if (step.hasNonNull("lastError")) {
                    lines.put(id + "/" + name + "/error", "        " + DemoClient.describeError(step.get("lastError")));
                }
            }
        }
        if (redraw) {
            StringBuilder frame = new StringBuilder();
            if (linesDrawn > 0) {
                frame.append("\033[").append(linesDrawn).append("F");
            }
            lines.values().forEach(line -> frame.append("\033[2K").append(line).append('\n'));
            out.print(frame);
            linesDrawn = lines.size();
        } else {
            lines.forEach((key, line) -> {
                if (!line.equals(lastLines.put(key, line))) {
                    out.println(line);
                }
            });
        }
        out.flush();
    }

    void finish() {
        linesDrawn = 0;
        lastLines.clear();
    }

    private static String bar(int percent) {
        int filled = Math.max(0, Math.min(BAR, percent * BAR / 100));
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] " + String.format("%3d%%", Math.min(100, percent));
    }
}
