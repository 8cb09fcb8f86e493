package io.chuanliu.deploy.local.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chuanliu.deploy.local.process.ManagedProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The parts of Flink's REST API a user needs to submit, watch and stop the job. */
public final class FlinkRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A job as {@code /jobs/overview} lists it. */
    public record JobOverview(String id, String name, String state) {}

    public void awaitTaskManagers(int count, Duration timeout, ManagedProcess... processes)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ManagedProcess p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException(p.name() + " exited during start-up; see " + p.log());
                }
            }
            try {
                if (get("/taskmanagers").path("taskmanagers").size() >= count) {
                    return;
                }
            } catch (IOException notYet) {
                // The REST endpoint is not up yet.
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Flink did not register " + count + " TaskManager(s) within " + timeout);
    }

    /** Uploads a job jar (POST /jars/upload) and returns its id on the cluster. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "chuanliu-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        JsonNode response = send(request);
        String filename = response.path("filename").asText();
        if (filename.isEmpty()) {
            throw new IOException("jar upload answered without a filename: " + response);
        }
        return Path.of(filename).getFileName().toString();
    }

    /** Runs an uploaded jar (POST /jars/:id/run) and returns the job id. */
    public String runJar(String jarId, List<String> programArgs, int parallelism)
            throws IOException, InterruptedException {
        return run(jarId, Map.of("programArgsList", programArgs, "parallelism", parallelism));
    }

    /** Runs an uploaded jar from a savepoint (its state restored), as an upgrade does. */
    public String runJarFromSavepoint(String jarId, List<String> programArgs, int parallelism, String savepointPath)
            throws IOException, InterruptedException {
        return run(
                jarId,
                Map.of("programArgsList", programArgs, "parallelism", parallelism, "savepointPath", savepointPath));
    }

    private String run(String jarId, Map<String, Object> body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .timeout(Duration.ofMinutes(2))
                .build();
        return send(request).path("jobid").asText();
    }

    /**
     * Stops a job with a savepoint (POST /jobs/:id/stop, then polls the savepoint operation) and
     * returns the savepoint's location.
     */
    public String stopWithSavepoint(String jobId, Path targetDirectory, Duration timeout)
            throws IOException, InterruptedException {
        return savepointOperation(
                jobId,
                "/stop",
                Map.of("targetDirectory", targetDirectory.toUri().toString(), "drain", false),
                timeout);
    }

    /** Takes a savepoint of a running job that keeps running (POST /jobs/:id/savepoints) and returns its location. */
    public String savepoint(String jobId, Path targetDirectory, Duration timeout)
            throws IOException, InterruptedException {
        return savepointOperation(
                jobId,
                "/savepoints",
                Map.of("target-directory", targetDirectory.toUri().toString(), "cancel-job", false),
                timeout);
    }

    private String savepointOperation(String jobId, String action, Map<String, Object> body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + action))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build();
        String trigger = send(request).path("request-id").asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    throw new IOException("savepoint of job " + jobId + " failed: " + operation.path("failure-cause"));
                }
                return operation.path("location").asText();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("savepoint of job " + jobId + " not done within " + timeout);
    }

    public List<JobOverview> jobs() throws IOException, InterruptedException {
        List<JobOverview> jobs = new ArrayList<>();
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            jobs.add(new JobOverview(
                    job.path("jid").asText(),
                    job.path("name").asText(),
                    job.path("state").asText()));
        }
        return jobs;
    }

    /** Waits until the job and every one of its tasks are RUNNING. */
    public void awaitRunning(String jobId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = "";
        while (System.nanoTime() < deadline) {
            JsonNode job = get("/jobs/" + jobId);
            state = job.path("state").asText();
            if (state.equals("FAILED") || state.equals("CANCELED") || state.equals("FINISHED")) {
                throw new IllegalStateException(
                        "job " + jobId + " is " + state + ": " + get("/jobs/" + jobId + "/exceptions"));
            }
            boolean allRunning = job.path("vertices").size() > 0;
            for (JsonNode vertex : job.path("vertices")) {
                allRunning &= vertex.path("status").asText().equals("RUNNING");
            }
            if (state.equals("RUNNING") && allRunning) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + jobId + " not running within " + timeout + " (state " + state + ")");
    }

    /**
     * Sums a metric over every subtask of every operator that reports it, e.g. {@code numDecisions}.
     * Operator metrics are listed as {@code <operator>.<name>} per vertex.
     */
    public long metricSum(String jobId, String name) throws IOException, InterruptedException {
        long total = 0;
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : get(path)) {
                String id = metric.path("id").asText();
                if (id.equals(name) || id.endsWith("." + name)) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
            for (JsonNode value : get(path + "?agg=sum&get=" + query)) {
                total += (long) value.path("sum").asDouble();
            }
        }
        return total;
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody())
                .build();
        send(request);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(
                    request.method() + " " + request.uri() + " -> " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
