package io.qrfleet.common.storage;

import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.StorageKeys;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/** Job records as JSON objects under {@code jobs/{id}.json}. */
public class JobStore {

    private final ObjectStore objects;
    private final JsonMapper json;

    public JobStore(ObjectStore objects, JsonMapper json) {
        this.objects = objects;
        this.json = json;
    }

    public Optional<JobRecord> find(String jobId) {
        return objects.get(StorageKeys.job(jobId)).map(bytes -> json.readValue(bytes, JobRecord.class));
    }

    public void save(JobRecord job) {
        objects.put(StorageKeys.job(job.id()), json.writeValueAsBytes(job), "application/json");
    }

    public void delete(String jobId) {
        objects.delete(StorageKeys.job(jobId));
    }
}
