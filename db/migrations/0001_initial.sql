-- zoobench schema v1: the tables users query by name. One row per fact, provenance on every row
-- through run_id → runs (who/what/when/which versions) and runs.citation_id → sources.
-- Units are in column names: _ms milliseconds, _mb mebibytes, _j joules, _w watts, _s seconds.
-- Times are TIMESTAMP in UTC.

CREATE TABLE schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

-- Every ingest that adds files is a dataset version; digest = sha256 over the sorted run ids of
-- all files in the database after that ingest (same files, same digest).
CREATE TABLE dataset_versions (
    version           INTEGER PRIMARY KEY,
    created_at        TIMESTAMP NOT NULL,
    zoobench_version  VARCHAR NOT NULL,
    digest            VARCHAR NOT NULL,
    files_added       INTEGER NOT NULL,
    files_total       INTEGER NOT NULL
);

CREATE TABLE dataset_files (
    version      INTEGER NOT NULL,     -- dataset version that added the file
    path         VARCHAR NOT NULL,     -- as given to ingest (relative to the data folder on build)
    run_id       VARCHAR NOT NULL,     -- content hash of the file's content (sha256:…)
    file_sha256  VARCHAR NOT NULL,     -- hash of the file's bytes
    size_bytes   BIGINT NOT NULL
);

CREATE TABLE sources (
    source_id  VARCHAR PRIMARY KEY,
    authors    VARCHAR[] NOT NULL,
    title      VARCHAR NOT NULL,
    venue      VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    doi        VARCHAR,
    url        VARCHAR
);

CREATE TABLE models (
    model_id       VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    family         VARCHAR NOT NULL,
    year           INTEGER,
    library        VARCHAR NOT NULL,
    resolution_px  INTEGER
);

CREATE TABLE devices (
    device_id        VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    vendor           VARCHAR,
    model            VARCHAR,
    memory_mb        DOUBLE,
    host_memory_mb   DOUBLE,
    driver_version   VARCHAR,
    cuda_version     VARCHAR,
    cudnn_version    VARCHAR,
    cpu_model        VARCHAR,
    cpu_cores        INTEGER,
    cpu_threads      INTEGER,
    os               VARCHAR,
    hostname_sha256  VARCHAR,
    notes            VARCHAR,
    last_run_id      VARCHAR NOT NULL   -- the newest run these details were taken from
);

CREATE TABLE runs (
    run_id            VARCHAR PRIMARY KEY,
    dataset_version   INTEGER NOT NULL,
    file_path         VARCHAR NOT NULL,
    created_at        TIMESTAMP NOT NULL,
    source            VARCHAR NOT NULL,      -- measured | published
    citation_id       VARCHAR,               -- → sources
    citation_locator  VARCHAR,               -- table or figure of the source
    contributor       VARCHAR,
    notes             VARCHAR,
    tool_name         VARCHAR NOT NULL,
    tool_version      VARCHAR NOT NULL,
    git_commit        VARCHAR,
    device_id         VARCHAR,               -- → devices; null for device-free reference tables
    driver_version    VARCHAR,
    cuda_version      VARCHAR,
    cudnn_version     VARCHAR,
    os                VARCHAR,
    python            VARCHAR,
    torch             VARCHAR,
    torchvision       VARCHAR,
    timm              VARCHAR,
    pretrainedmodels  VARCHAR,
    framework         VARCHAR,
    settings_key      VARCHAR,               -- precision/memory_format/execution
    precision         VARCHAR,
    memory_format     VARCHAR,
    execution         VARCHAR,
    compile_mode      VARCHAR,
    threads           INTEGER,
    cudnn_benchmark   BOOLEAN,
    allow_tf32        BOOLEAN,
    warmup_iters      INTEGER,
    timed_iters       INTEGER,
    min_seconds       DOUBLE,
    input_on_device   BOOLEAN,
    timing            VARCHAR
);

-- What a run says about a model: params, size, FLOPs (always 2 per multiply-add; see convention).
CREATE TABLE model_specs (
    run_id             VARCHAR NOT NULL,
    model_id           VARCHAR NOT NULL,
    weights            VARCHAR,
    name_as_given      VARCHAR NOT NULL,
    resolution_px      INTEGER,
    params             BIGINT,
    file_size_mb       DOUBLE,
    gflops             DOUBLE,
    flops_convention   VARCHAR,              -- flop_counter | macs_x2 | conv_only
    flops_reported     VARCHAR,              -- the figure as the source gave it
    flops_by_operator  JSON
);

CREATE TABLE accuracy (
    run_id          VARCHAR NOT NULL,
    model_id        VARCHAR NOT NULL,
    weights         VARCHAR,
    source          VARCHAR NOT NULL,        -- source id: bianco2018, torchvision, zoobench …
    kind            VARCHAR NOT NULL,        -- measured | reference
    top1            DOUBLE,                  -- percent
    top5            DOUBLE,
    dataset         VARCHAR NOT NULL,
    crop            VARCHAR,
    evaluated_with  VARCHAR,                 -- pytorch-port, Caffe, TensorFlow …
    images          INTEGER
);

-- One row per model × device × batch size × settings × run.
CREATE TABLE measurements (
    run_id               VARCHAR NOT NULL,
    model_id             VARCHAR NOT NULL,
    weights              VARCHAR,
    device_id            VARCHAR NOT NULL,
    batch_size           INTEGER NOT NULL,
    settings_key         VARCHAR NOT NULL,
    precision            VARCHAR NOT NULL,
    memory_format        VARCHAR NOT NULL,
    execution            VARCHAR NOT NULL,
    status               VARCHAR NOT NULL,   -- ok | oom | error
    error                VARCHAR,
    image_mean_ms        DOUBLE,             -- latency per image
    image_median_ms      DOUBLE,
    image_min_ms         DOUBLE,
    image_max_ms         DOUBLE,
    image_p90_ms         DOUBLE,
    image_std_ms         DOUBLE,
    batch_mean_ms        DOUBLE,             -- latency per batch
    batch_median_ms      DOUBLE,
    batch_min_ms         DOUBLE,
    batch_max_ms         DOUBLE,
    batch_p90_ms         DOUBLE,
    batch_std_ms         DOUBLE,
    batch_first_ms       DOUBLE,             -- first (warm-up) iteration
    iterations           INTEGER,
    times_ms             DOUBLE[],           -- every timed iteration, per batch
    throughput_img_s     DOUBLE,
    allocated_peak_mb    DOUBLE,
    reserved_peak_mb     DOUBLE,
    device_total_mb      DOUBLE,
    host_rss_peak_mb     DOUBLE,
    host_rss_delta_mb    DOUBLE,
    energy_per_image_j   DOUBLE,
    mean_power_w         DOUBLE,
    energy_window_s      DOUBLE,
    energy_method        VARCHAR
);

CREATE TABLE op_breakdown (
    run_id      VARCHAR NOT NULL,
    model_id    VARCHAR NOT NULL,
    weights     VARCHAR,
    device_id   VARCHAR NOT NULL,
    batch_size  INTEGER NOT NULL,
    category    VARCHAR NOT NULL,   -- convolution | batch_norm | activation | pooling | linear | other
    time_ms     DOUBLE NOT NULL
);
