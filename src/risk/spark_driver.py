"""clearway's rule pack on Apache Spark: the driver of a job written by
`clearway risk compile --engine spark --out JOB`.

    spark-submit JOB/driver.py --lake LAKE_DIR --out RUN_DIR [--run-id N]

(or `clearway risk run --engine spark`, which compiles the job and runs it on a local pyspark).

Reads the lake `clearway lake export` wrote (after checking its manifest against the job),
runs every rule's compiled SQL with its parameters bound as named parameters, and writes
RUN_DIR/risk_hits (Parquet), RUN_DIR/risk_scores (Parquet) and RUN_DIR/run.json (what ran,
the lake it read, and every Parquet file's size and sha256, which `clearway risk import`
checks before it brings the run into a workspace). Nothing is
written under RUN_DIR's name until everything is: the run is built in a staging folder and
renamed into place.

Session settings that make Spark compute what DuckDB computes: UTC session time zone (the
lake's timestamps carry no zone), ANSI mode off (a division by zero is NULL, as in DuckDB),
partition-column type inference off (partition folders are derived values; the real columns
are in the files).
"""

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile

JOB_VERSION = 1


def fail(message, help_line):
    sys.stderr.write(f"clearway spark job: {message}\n  help: {help_line}\n")
    sys.exit(2)


def load_json(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        fail(f"{path} is missing: this is not {what}", "give the folder clearway wrote")
    except json.JSONDecodeError as e:
        fail(f"{path}: line {e.lineno}, column {e.colno}: {e.msg}", "write it again with clearway")


def check_lake(job, manifest, lake):
    if manifest.get("format") != "clearway-lake":
        fail(f"{lake} is not a clearway lake", "export one with `clearway lake export --out DIR`")
    if manifest["lake_version"] > job["lake_version"]:
        fail(f"the lake is version {manifest['lake_version']}, this job reads up to {job['lake_version']}",
             "compile the job with the clearway that wrote the lake")
    if manifest["workspace_schema_version"] != job["workspace_schema_version"]:
        fail(f"the lake's tables follow workspace schema {manifest['workspace_schema_version']}, "
             f"the job was compiled for {job['workspace_schema_version']}",
             "export the lake and compile the job with the same clearway version")
    needed = sorted({t for r in job["rules"] for t in r["tables"]})
    missing = [t for t in needed if t not in manifest["tables"]]
    if missing:
        fail(f"the lake lacks the tables {', '.join(missing)}", "export them: clearway lake export --out DIR")


def register_tables(spark, lake, manifest):
    """Every lake table as a temporary view with the types of its schema file."""
    for table, entry in manifest["tables"].items():
        schema = spark.read.parquet(os.path.join(lake, entry["schema_file"]["path"])).schema
        if entry["files"]:
            folder = os.path.join(lake, table)
            df = spark.read.schema(schema).option("basePath", folder).parquet(folder)
            df = df.select(*[f"`{c}`" for c in schema.fieldNames()])
        else:
            df = spark.createDataFrame([], schema)
        df.createOrReplaceTempView(table)


def python_value(param):
    import datetime
    value, kind = param["value"], param["type"]
    if kind == "date":
        return datetime.date.fromisoformat(value)
    if kind == "float":
        return float(value)
    return value


# A timestamp inside evidence JSON as DuckDB writes it: fractional seconds only when there
# are any, without trailing zeros (Spark's formatter always writes six digits).
WHOLE_SECOND = r'(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\.0{6}"'
TRAILING_ZEROS = r'(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d*?[1-9])0+"'


def evidence_as_json(df):
    """The evidence column as JSON text, as `risk run` stores it: a STRUCT becomes JSON with its
    NULL fields kept, and timestamps are written as DuckDB writes them."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType
    evidence = df.schema["evidence"].dataType
    if isinstance(evidence, StringType):
        text = F.col("evidence")
    else:
        options = {"ignoreNullFields": "false", "timestampNTZFormat": "yyyy-MM-dd HH:mm:ss.SSSSSS",
                   "timestampFormat": "yyyy-MM-dd HH:mm:ss.SSSSSS"}
        text = F.to_json(F.col("evidence"), options)
    return F.regexp_replace(F.regexp_replace(text, WHOLE_SECOND, '$1"'), TRAILING_ZEROS, '$1"')


def progress(stage):
    """A line `clearway risk run --engine spark` turns into its progress display."""
    print(f"clearway-progress\t{stage}", flush=True)


def sha256_of(path):
    import hashlib
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parquet_files(run_dir, table):
    """The Parquet files Spark wrote for `table`, with size and sha256, so that `risk import`
    can tell a complete, unaltered run from anything else."""
    folder = os.path.join(run_dir, table)
    return [{"path": f"{table}/{name}", "bytes": os.path.getsize(os.path.join(folder, name)),
             "sha256": sha256_of(os.path.join(folder, name))}
            for name in sorted(os.listdir(folder)) if name.endswith(".parquet")]


def applicable(rule, manifest):
    """As on DuckDB: a rule whose input tables are all non-empty runs; any other is reported
    "not applicable" (nothing to look at is not the same as nothing suspicious)."""
    return all(manifest["tables"].get(t, {}).get("rows", 0) > 0 for t in rule["tables"])


def is_run_folder(path):
    """True for a folder this driver wrote: a run record, and only it and the two tables."""
    record = os.path.join(path, "run.json")
    if os.path.islink(record) or not os.path.isfile(record) or os.path.islink(path):
        return False
    try:
        with open(record, encoding="utf-8") as f:
            if json.load(f).get("format") != "clearway-spark-run":
                return False
    except (OSError, ValueError, AttributeError):
        return False
    return set(os.listdir(path)) <= {"run.json", "risk_hits", "risk_scores"}


def swap_in(staging, out):
    """Renames the finished run into place; an earlier run there is replaced, anything else
    refused. From the first rename on, SIGINT and SIGTERM are only recorded (Python runs
    signal handlers in the main thread, whichever thread the kernel picked, so a handler that
    records is what holds them): a signal during the swap cannot leave RUN_DIR missing, and
    one after it comes too late to stop a run that is in place. The earlier run is moved back
    if the second rename fails, and the handlers are restored then."""
    if os.path.lexists(out) and not is_run_folder(out):
        fail(f"{out} exists and is not a clearway Spark run", "name a new folder or an earlier run")
    held = []
    previous = {s: signal.signal(s, lambda n, _f: held.append(n)) for s in (signal.SIGINT, signal.SIGTERM)}
    old = staging + ".old"
    try:
        if not os.path.lexists(out):
            os.rename(staging, out)
            return
        os.rename(out, old)
        try:
            os.rename(staging, out)
        except OSError:
            os.rename(old, out)
            raise
    except BaseException:
        for s, handler in previous.items():
            signal.signal(s, handler)
        raise
    shutil.rmtree(old, ignore_errors=True)


def discard(spark, staging):
    """Removes the staging folder of a failed or interrupted run, after stopping Spark: its
    tasks may still be writing files into it."""
    try:
        spark.sparkContext.cancelAllJobs()
        spark.stop()
    except BaseException:
        pass
    if staging:
        shutil.rmtree(staging, ignore_errors=True)


def spark_message(error):
    """The line of a Spark error that says what went wrong: the innermost `Caused by`, else
    the first line (a Java stack trace follows both)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    causes = [line[len("Caused by: "):] for line in lines if line.startswith("Caused by: ")]
    return (causes[-1] if causes else lines[0] if lines else type(error).__name__)[:500]


def utc_now():
    """Now in UTC as the workspace stores times (TIMESTAMP without a zone)."""
    import datetime
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lake", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--run-id", type=int, default=1)
    parser.add_argument("--master", default=None)
    parser.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                        help="a Spark setting for the session (repeatable)")
    args = parser.parse_args()
    job_dir = os.path.dirname(os.path.abspath(__file__))
    job = load_json(os.path.join(job_dir, "job.json"), "a clearway Spark job")
    if job.get("format") != "clearway-spark-job" or job.get("job_version", 99) > JOB_VERSION:
        fail("job.json is not a job this driver runs", "compile the job again with clearway")
    manifest = load_json(os.path.join(args.lake, "_clearway", "manifest.json"), "a clearway lake")
    check_lake(job, manifest, args.lake)
    if os.path.lexists(args.out) and not is_run_folder(args.out):
        fail(f"{args.out} exists and is not a clearway Spark run", "name a new folder or an earlier run")
    # SIGTERM ends the run as Ctrl-C does: the staging folder is removed, RUN_DIR stays as it was
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    progress("starting Spark")
    import time
    import uuid
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    started = time.time()
    started_at = utc_now()
    builder = SparkSession.builder.appName(f"clearway {job['pack']}")
    if args.master:
        builder = builder.master(args.master)
    for setting in args.conf:
        key, sep, value = setting.partition("=")
        if not sep or not key:
            fail(f"--conf {setting!r} is not KEY=VALUE", "write e.g. --conf spark.driver.memory=4g")
        builder = builder.config(key, value)
    spark = (builder.config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.ansi.enabled", "false")
             .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    register_tables(spark, args.lake, manifest)

    hits = None
    outcomes = []
    for rule in job["rules"]:
        outcome = {"rule_id": rule["id"], "version": rule["version"], "severity": rule["severity"],
                   "weight": rule["weight"], "status": "not applicable", "hits": 0, "declarations": 0,
                   "parameters": {name: p["value"] for name, p in rule["params"].items()}}
        outcomes.append(outcome)
        if not applicable(rule, manifest):
            continue
        outcome["status"] = "ran"
        with open(os.path.join(job_dir, rule["file"]), encoding="utf-8") as f:
            sql = f.read()
        params = {name: python_value(p) for name, p in rule["params"].items()}
        try:
            df = spark.sql(sql, args=params)
        except Exception as e:  # an analysis error names the rule and its file
            fail(f"rule {rule['id']} ({rule['file']} in the job): {spark_message(e)}",
                 "the rule's Spark SQL does not compile on this Spark; `clearway risk lint --portable` and docs/spark.md")
        df = df.select(F.lit(args.run_id).cast("bigint").alias("run_id"),
                       F.lit(rule["id"]).alias("rule_id"),
                       F.col("declaration_id").cast("string").alias("declaration_id"),
                       F.col("item_no").cast("int").alias("item_no"),
                       F.col("score").cast("double").alias("score"),
                       F.col("reason").cast("string").alias("reason"),
                       evidence_as_json(df).alias("evidence"))
        hits = df if hits is None else hits.unionByName(df)
    if hits is None:
        hits = spark.createDataFrame([], "run_id bigint, rule_id string, declaration_id string, item_no int, "
                                         "score double, reason string, evidence string")

    parent = os.path.dirname(os.path.abspath(args.out)) or "."
    os.makedirs(parent, exist_ok=True)
    staging = None
    try:
        staging = tempfile.mkdtemp(prefix=".clearway-run-", dir=parent)
        # mkdtemp makes the folder private (0700); the run is for whoever the umask allows, as
        # any folder the user makes (and, on a cluster, for executors running as another user)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        progress("running the rules")
        hits.write.parquet(os.path.join(staging, "risk_hits"))
        spark.read.parquet(os.path.join(staging, "risk_hits")).createOrReplaceTempView("risk_hits")
        progress("combining the scores")
        with open(os.path.join(job_dir, "combine.sql"), encoding="utf-8") as f:
            scores = spark.sql(f.read(), args={"run": args.run_id})
        scores.write.parquet(os.path.join(staging, "risk_scores"))
        counts = {r["rule_id"]: (r["n"], r["d"]) for r in spark.sql(
            "SELECT rule_id, count(1) AS n, count(DISTINCT declaration_id) AS d FROM risk_hits GROUP BY rule_id").collect()}
        for o in outcomes:
            o["hits"], o["declarations"] = counts.get(o["rule_id"], (0, 0))
        rows = {"risk_hits": sum(n for n, _ in counts.values()),
                "risk_scores": spark.read.parquet(os.path.join(staging, "risk_scores")).count()}
        progress("writing the run record")
        record = {"format": "clearway-spark-run", "run_format": 1, "run_uuid": str(uuid.uuid4()),
                  "run_id": args.run_id, "pack": job["pack"],
                  "clearway_version": job["clearway_version"], "spark_version": spark.version,
                  "master": spark.sparkContext.master, "seconds": round(time.time() - started, 3),
                  "started_at": started_at, "finished_at": utc_now(),
                  "lake": {"workspace_id": manifest.get("workspace_id"), "up_to_load": manifest["up_to_load"],
                           "workspace_schema_version": manifest["workspace_schema_version"]},
                  "rules": outcomes, "rows": rows,
                  "files": {t: parquet_files(staging, t) for t in ("risk_hits", "risk_scores")}}
        with open(os.path.join(staging, "run.json"), "w", encoding="utf-8") as f:
            json.dump(record, f, indent=2)
        swap_in(staging, args.out)
        # the run is in place, and signals are only recorded from here on
        staging = None
        progress("done")
    except Exception as e:
        discard(spark, staging)
        message = spark_message(e)
        if "memory" in message.lower():
            fail(f"Spark ran out of memory: {message}",
                 "give it more: --spark-conf spark.driver.memory=8g on one machine, executor memory "
                 "on a cluster (docs/spark.md, Sizing a cluster)")
        fail(f"the Spark run failed: {message}", "Spark's log above says more")
    except BaseException:
        discard(spark, staging)
        raise
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
