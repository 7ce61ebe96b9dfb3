//! Deterministic, realistic synthetic declarations (`clearway sample-data generate`).
//!
//! Real declaration data is confidential, and the one public labelled set (BACUDA) is small and
//! anonymised. Rules, models and benchmarks need something larger whose truth is known, so this
//! generator plants labelled risk patterns into plausible background trade:
//!
//! * thousands of importers and declarants with heavy-tailed activity (a few file most);
//! * real HS 2022 subheadings (national 10-digit lines = HS6 + 4 digits), chapters weighted
//!   towards what a sea port sees; plausible origin countries per chapter, exported mostly from
//!   the origin and sometimes through a hub;
//! * log-normal unit values per HS6 × origin, masses, quantities, CIF/FOB and duties;
//! * a year of dates, containers with valid ISO 6346 check digits, vessels with valid IMO
//!   check digits;
//! * planted patterns, named in the `risk_pattern` column: `undervaluation`,
//!   `misclassification`, `split_consignment`, `new_trader_burst`, `origin_mismatch`.
//!
//! Labels: `illicit` is the ground truth for every row (as in BACUDA, where nearly everything
//! was inspected); `inspected` says whether the simulated historic selectivity examined it;
//! `revenue_recovered` is the duty an examination recovers on an illicit row.
//!
//! Determinism and speed: rows are generated in fixed chunks, each from its own ChaCha stream
//! seeded by (seed, chunk number), in parallel with rayon, and written in chunk order. The same
//! seed and row count give the same bytes on any machine and with any number of threads.

pub mod ais;
pub mod containers;
pub mod descriptions;
pub mod designs;
pub mod ledger;

use crate::error::{Error, Result};
use crate::reference::{hs, iso6346};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal, Normal};
use rayon::prelude::*;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Rows per chunk: the unit of parallelism and of determinism.
const CHUNK_ROWS: u64 = 20_000;

/// Value under which a consignment qualifies for simplified clearance in this synthetic
/// regime (USD). Split consignments stay just below it.
pub const SPLIT_THRESHOLD_USD: f64 = 2_500.0;

/// Header of the generated CSV: canonical columns plus the planted pattern's name.
pub const HEADER: &[&str] = &[
    "declaration_id",
    "item_no",
    "declared_at",
    "office_id",
    "procedure",
    "importer_id",
    "declarant_id",
    "exporter_id",
    "hs_code",
    "goods_description",
    "origin_country",
    "export_country",
    "transport_mode",
    "container_ids",
    "vessel_imo",
    "vessel_mmsi",
    "quantity",
    "quantity_unit",
    "gross_mass_kg",
    "net_mass_kg",
    "invoice_value",
    "currency",
    "customs_value",
    "fob_value",
    "total_taxes",
    "lane",
    "inspected",
    "illicit",
    "revenue_recovered",
    "seal_numbers",
    "document_refs",
    "risk_pattern",
];

/// What was generated.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub file: String,
    pub rows: u64,
    pub declarations: u64,
    pub seed: u64,
    pub illicit_rows: u64,
    pub patterns: std::collections::BTreeMap<String, u64>,
}

const OFFICES: &[&str] = &[
    "APP01", "TCI01", "ONN01", "PHC01", "LOSAIR", "KANAIR", "SEME", "IDIROKO", "CAL01", "WAR01",
    "KADDRY", "ABUDRY",
];
const CARRIERS: &[&str] = &[
    "MSCU", "MAEU", "CMAU", "HLXU", "OOLU", "COSU", "EGHU", "TGHU", "ONEU", "YMLU",
];
const HUBS: &[&str] = &["AE", "SG", "HK", "NL", "BE", "PA", "MY"];

/// Chapter weights: what a general sea port's import mix roughly looks like.
fn chapter_weight(ch: u32) -> u32 {
    match ch {
        84 | 85 => 40,
        87 => 30,
        39 | 72 | 73 => 18,
        10 | 11 | 15 | 17 | 27 | 30 | 48 | 61 | 62 | 64 | 94 => 12,
        1..=24 => 4,
        25..=38 | 40..=71 | 74..=83 | 86 | 88..=97 => 3,
        _ => 0,
    }
}

/// Plausible origins for a chapter, most likely first.
fn origins_for(ch: u32) -> &'static [&'static str] {
    match ch {
        1..=5 => &["BR", "AR", "NZ", "NL", "IE", "US"],
        6..=14 => &["IN", "TH", "VN", "US", "BR", "ZA", "NL"],
        15..=24 => &["MY", "ID", "BR", "FR", "US", "IT", "GH"],
        25..=27 => &["SA", "AE", "NL", "US", "RU", "ZA"],
        28..=38 => &["CN", "DE", "IN", "US", "CH", "BE", "FR"],
        39 | 40 => &["CN", "SA", "KR", "DE", "TH", "US"],
        41..=43 | 50..=63 => &["CN", "BD", "VN", "IN", "TR", "PK"],
        44..=49 => &["CN", "FI", "SE", "BR", "MY", "DE"],
        64..=67 => &["CN", "VN", "ID", "IT", "IN"],
        68..=71 => &["CN", "IT", "IN", "TR", "ES", "ZA"],
        72..=83 => &["CN", "TR", "IN", "KR", "JP", "DE", "UA"],
        84 | 85 => &["CN", "DE", "JP", "KR", "US", "TW", "IT", "VN"],
        86..=89 => &["JP", "DE", "KR", "CN", "US", "BE", "FR"],
        90..=92 => &["CN", "DE", "US", "JP", "CH", "IE"],
        _ => &["CN", "IT", "TR", "VN", "DE", "US"],
    }
}

/// Duty rate by heading (ad valorem), roughly an ECOWAS-CET-shaped schedule, plus 7.5 % VAT:
/// a rate per chapter, and the headings of the misclassification pairs set apart from their
/// neighbours as tariffs do (finished goods above their parts, ITA goods duty-free), so that
/// declaring one as the other lowers the duty.
fn duty_rate(hs6: &str) -> f64 {
    let heading = match &hs6[..4] {
        "8528" | "3304" => Some(0.20),
        "8703" | "2204" => Some(0.35),
        "8529" => Some(0.05),
        "8471" => Some(0.0),
        "8708" | "6406" => Some(0.10),
        _ => None,
    };
    let ch: u32 = hs6[..2].parse().unwrap_or(99);
    heading.unwrap_or_else(|| chapter_duty(ch)) + 0.075
}

fn chapter_duty(ch: u32) -> f64 {
    match ch {
        1..=24 => 0.20,
        25..=29 | 31 => 0.05,
        30 => 0.0,
        61..=64 | 94 | 95 => 0.35,
        84 | 90 => 0.05,
        85 => 0.10,
        87 => 0.20,
        _ => 0.10,
    }
}

/// Range of median unit values (USD per kg) by chapter: bulk goods cost cents a kilo,
/// electronics tens to hundreds of dollars, jewellery thousands.
fn unit_value_range(ch: u32) -> (f64, f64) {
    match ch {
        1..=24 => (0.5, 8.0),
        25..=27 => (0.05, 1.0),
        30 => (20.0, 2000.0),
        28..=38 => (1.0, 50.0),
        39 | 40 => (1.5, 8.0),
        41..=43 | 64..=67 => (5.0, 60.0),
        44..=49 | 68..=70 => (0.5, 8.0),
        50..=63 => (3.0, 40.0),
        71 => (500.0, 50_000.0),
        72 | 73 => (0.5, 4.0),
        74..=83 => (2.0, 30.0),
        84 => (8.0, 120.0),
        85 => (10.0, 300.0),
        86..=89 => (6.0, 40.0),
        90..=92 => (30.0, 1500.0),
        97 => (50.0, 5000.0),
        _ => (3.0, 30.0),
    }
}

/// Real tariff-gap pairs: (true HS6, lower-duty HS6 of another heading it is declared as) —
/// finished goods as their parts (televisions as television parts, shoes as shoe parts, cars as
/// car parts), monitors as computer units, garments as fabric or made-up textiles, after
/// shared/reference/declarations.md §4. The description stays the true goods'.
const MISCLASSIFICATION: &[(&str, &str)] = &[
    ("852872", "852990"),
    ("852859", "847160"),
    ("610910", "630790"),
    ("640399", "640690"),
    ("870323", "870899"),
    ("220421", "220600"),
    ("330499", "340111"),
    ("950300", "392690"),
    ("940360", "441899"),
    ("611030", "600622"),
];

/// Extra weight of the codes of the misclassification pairs: televisions, cars, T-shirts, shoes
/// and wine are among a port's commonest imports, their parts and neighbours common too. The
/// goods misdeclared must be imported honestly far more often than they are misdeclared
/// (about 14 to 1 here), or the history a classifier learns from would teach the lie.
fn pair_weight(code: &str) -> u32 {
    if MISCLASSIFICATION.iter().any(|(truth, _)| *truth == code) {
        500
    } else if MISCLASSIFICATION
        .iter()
        .any(|(_, declared)| *declared == code)
    {
        150
    } else {
        0
    }
}

/// Deterministic 64-bit hash for per-code attributes (FNV-1a).
fn fnv(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

fn unit01(h: u64) -> f64 {
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Shared, read-only world: the HS codes by chapter and their weights.
struct World {
    subheadings: Vec<(&'static str, &'static str, u32)>,
    cumulative: Vec<u64>,
    importers: u64,
    declarants: u64,
    exporters: u64,
    year_start: chrono::NaiveDate,
}

impl World {
    fn new(rows: u64) -> Self {
        let mut subheadings = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        for e in hs::subheadings() {
            let ch: u32 = e.code[..2].parse().unwrap_or(99);
            let w = chapter_weight(ch);
            if w == 0 {
                continue;
            }
            let w = w + pair_weight(&e.code);
            let description = e.description.as_str();
            subheadings.push((e.code.as_str(), description, ch));
            total += u64::from(w);
            cumulative.push(total);
        }
        let importers = (rows / 25).clamp(50, 250_000);
        World {
            subheadings,
            cumulative,
            importers,
            declarants: (importers / 6).max(10),
            exporters: (importers * 2).max(20),
            year_start: chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("a valid date"),
        }
    }

    fn pick_hs(&self, rng: &mut ChaCha8Rng) -> usize {
        let total = *self.cumulative.last().expect("HS codes are embedded");
        let x = rng.random_range(0..total);
        self.cumulative.partition_point(|&c| c <= x)
    }

    /// An HS code for `importer`'s next item. Importers specialise, as real ones do: most of
    /// an importer's items come from its two or three "home" chapters (fixed per importer id),
    /// the rest from anywhere. This is what makes a first item in a new chapter meaningful.
    /// Within a chapter the codes are picked by weight too, so the goods of the
    /// misclassification pairs are common imports there ([`pair_weight`]).
    fn pick_hs_for(&self, rng: &mut ChaCha8Rng, importer: &str) -> usize {
        if rng.random::<f64>() < 0.15 {
            return self.pick_hs(rng);
        }
        let mut home_rng = ChaCha8Rng::seed_from_u64(fnv(&[importer, "home"]));
        let homes = 2 + home_rng.random_range(0..2);
        let anchor = (0..homes)
            .map(|_| self.pick_hs(&mut home_rng))
            .nth(rng.random_range(0..homes))
            .expect("at least two homes");
        let chapter = self.subheadings[anchor].2;
        let first = self.subheadings.partition_point(|(_, _, ch)| *ch < chapter);
        let last = self
            .subheadings
            .partition_point(|(_, _, ch)| *ch <= chapter);
        let below = if first == 0 {
            0
        } else {
            self.cumulative[first - 1]
        };
        let x = rng.random_range(below..self.cumulative[last - 1]);
        self.cumulative.partition_point(|&c| c <= x)
    }

    fn find_hs(&self, code: &str) -> Option<usize> {
        self.subheadings.iter().position(|(c, _, _)| *c == code)
    }
}

/// Heavy-tailed pick of an entity index in 0..n: low indices are far more active.
fn heavy_tail(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    let u: f64 = rng.random();
    ((n as f64) * u.powf(3.0)) as u64 % n
}

/// One declaration item before formatting.
struct Item {
    hs: usize,
    declared_hs: usize,
    origin: &'static str,
    export: &'static str,
    value_factor: f64,
    fixed_value: Option<f64>,
    pattern: &'static str,
    illicit: bool,
}

/// One declaration's header fields.
struct Header {
    id: String,
    at: chrono::NaiveDateTime,
    office: &'static str,
    importer: String,
    declarant: String,
    exporter: String,
    sea: bool,
    containers: String,
    imo: String,
    mmsi: String,
}

/// Generates `rows` rows into `DIR/declarations.csv`; returns what it made.
pub fn generate(out_dir: &Path, rows: u64, seed: u64, progress: bool) -> Result<Summary> {
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
        path: out_dir.to_path_buf(),
        cause: source,
    })?;
    let path = out_dir.join("declarations.csv");
    let tmp = out_dir.join(".declarations.csv.partial");
    let write_err = |p: &PathBuf| {
        let p = p.clone();
        move |source| Error::Write {
            path: p.clone(),
            cause: source,
        }
    };
    let file = std::fs::File::create(&tmp).map_err(write_err(&tmp))?;
    let mut out = std::io::BufWriter::with_capacity(4 << 20, file);
    writeln!(out, "{}", HEADER.join(",")).map_err(write_err(&tmp))?;

    let world = World::new(rows);
    let chunks = rows.div_ceil(CHUNK_ROWS);
    let window = (rayon::current_num_threads() as u64 * 4).max(4);
    let bar = progress.then(|| crate::progress::count_bar("generating rows", rows));
    let mut summary = Summary {
        file: path.display().to_string(),
        rows,
        seed,
        ..Default::default()
    };
    let mut start = 0;
    while start < chunks {
        let end = (start + window).min(chunks);
        let parts: Vec<(String, ChunkStats)> = (start..end)
            .into_par_iter()
            .map(|c| {
                let n = CHUNK_ROWS.min(rows - c * CHUNK_ROWS);
                generate_chunk(&world, seed, c, n)
            })
            .collect();
        for (text, stats) in parts {
            out.write_all(text.as_bytes()).map_err(write_err(&tmp))?;
            summary.declarations += stats.declarations;
            summary.illicit_rows += stats.illicit;
            for (k, v) in stats.patterns {
                *summary.patterns.entry(k.to_string()).or_default() += v;
            }
            if let Some(b) = &bar {
                b.inc(stats.rows);
            }
        }
        start = end;
    }
    finish_file(out, &tmp, &path)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(summary)
}

#[derive(Default)]
struct ChunkStats {
    rows: u64,
    declarations: u64,
    illicit: u64,
    patterns: Vec<(&'static str, u64)>,
}

impl ChunkStats {
    fn count(&mut self, pattern: &'static str) {
        if pattern.is_empty() {
            return;
        }
        match self.patterns.iter_mut().find(|(p, _)| *p == pattern) {
            Some((_, n)) => *n += 1,
            None => self.patterns.push((pattern, 1)),
        }
    }
}

fn generate_chunk(world: &World, seed: u64, chunk: u64, rows: u64) -> (String, ChunkStats) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ chunk.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut text = String::with_capacity(rows as usize * 300);
    let mut stats = ChunkStats::default();
    let mut local = 0u64;
    while stats.rows < rows {
        let left = rows - stats.rows;
        let roll: f64 = rng.random();
        let declarations = if roll < 0.006 {
            split_consignment(world, &mut rng, chunk, &mut local)
        } else if roll < 0.009 {
            new_trader_burst(world, &mut rng, chunk, &mut local)
        } else {
            vec![ordinary_declaration(world, &mut rng, chunk, &mut local)]
        };
        for (header, items) in declarations {
            if stats.rows >= rows {
                break;
            }
            stats.declarations += 1;
            for (i, item) in items
                .iter()
                .enumerate()
                .take((rows - stats.rows).min(left) as usize)
            {
                write_row(world, &mut rng, seed, &mut text, &header, i + 1, item);
                stats.rows += 1;
                stats.illicit += u64::from(item.illicit);
                stats.count(item.pattern);
                if stats.rows >= rows {
                    break;
                }
            }
        }
    }
    (text, stats)
}

fn declaration_header(
    world: &World,
    rng: &mut ChaCha8Rng,
    chunk: u64,
    local: &mut u64,
    importer: Option<String>,
    day: Option<u32>,
) -> Header {
    *local += 1;
    let day = day.unwrap_or_else(|| rng.random_range(0..365));
    let date = world.year_start + chrono::Days::new(u64::from(day));
    let at = date
        .and_hms_opt(
            rng.random_range(7..19),
            rng.random_range(0..60),
            rng.random_range(0..60),
        )
        .expect("a valid time");
    let office = OFFICES[heavy_tail(rng, OFFICES.len() as u64) as usize];
    let sea = !office.ends_with("AIR") && rng.random::<f64>() < 0.85;
    let containers = if sea {
        let n = 1 + heavy_tail(rng, 3) as usize;
        (0..n)
            .map(|_| {
                let owner = CARRIERS[rng.random_range(0..CARRIERS.len())];
                iso6346::with_check_digit(&format!("{owner}{:06}", rng.random_range(0..1_000_000)))
            })
            .collect::<Vec<_>>()
            .join(";")
    } else {
        String::new()
    };
    let (imo, mmsi) = if sea {
        vessel_identity(heavy_tail(rng, VESSELS))
    } else {
        (String::new(), String::new())
    };
    Header {
        id: format!("DCL25-{chunk:05}-{:06}", *local),
        at,
        office,
        importer: importer.unwrap_or_else(|| format!("IMP{:06}", heavy_tail(rng, world.importers))),
        declarant: format!("DEC{:05}", heavy_tail(rng, world.declarants)),
        exporter: format!("EXP{:06}", heavy_tail(rng, world.exporters)),
        sea,
        containers,
        imo,
        mmsi,
    }
}

/// The generated `declarations.csv` opened for a generator that builds on it, with a lookup
/// of its columns by name.
pub(crate) fn read_generated(
    path: &Path,
) -> Result<(csv::Reader<std::fs::File>, impl Fn(&str) -> Result<usize>)> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| {
        Error::bad_input(
            path,
            format!("cannot read the generated declarations: {e}"),
            "generate them first",
        )
    })?;
    let headers = reader
        .headers()
        .map_err(|e| Error::bad_input(path, format!("no header: {e}"), "generate them first"))?
        .clone();
    let path = path.to_path_buf();
    let column = move |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::bad_input(
                &path,
                format!("no {name} column"),
                "the file must come from clearway sample-data generate",
            )
        })
    };
    Ok((reader, column))
}

/// Flushes a generated file written under its temporary name and gives it its real name, so
/// that an interrupted run never leaves a half-written file under the name readers look for.
pub(crate) fn finish_file(
    mut out: std::io::BufWriter<std::fs::File>,
    tmp: &Path,
    path: &Path,
) -> Result<()> {
    out.flush().map_err(|cause| Error::Write {
        path: tmp.to_path_buf(),
        cause,
    })?;
    drop(out);
    std::fs::rename(tmp, path).map_err(|cause| Error::Write {
        path: path.to_path_buf(),
        cause,
    })
}

/// Vessels in the generated world; declarations pick them heavy-tailed, so the first few carry
/// most of the sea cargo.
pub const VESSELS: u64 = 400;

/// (IMO, MMSI) of vessel `k`: the declarations and the generated AIS tracks agree on them.
pub fn vessel_identity(k: u64) -> (String, String) {
    (
        imo_number(900_000 + k * 1_711 % 99_999),
        format!("{}", 200_000_000 + k * 1_234_567 % 599_999_999),
    )
}

/// IMO ship numbers: six digits and a check digit (Σ dᵢ·(7−i) mod 10).
fn imo_number(base: u64) -> String {
    let digits: Vec<u64> = format!("{:06}", base % 1_000_000)
        .bytes()
        .map(|b| u64::from(b - b'0'))
        .collect();
    let check: u64 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| d * (7 - i as u64))
        .sum::<u64>()
        % 10;
    format!("{}{check}", base % 1_000_000)
}

fn pick_origin(world: &World, rng: &mut ChaCha8Rng, hs: usize) -> (&'static str, &'static str) {
    let ch = world.subheadings[hs].2;
    let origins = origins_for(ch);
    let origin = origins[heavy_tail(rng, origins.len() as u64) as usize];
    let export = if rng.random::<f64>() < 0.88 {
        origin
    } else {
        HUBS[rng.random_range(0..HUBS.len())]
    };
    (origin, export)
}

fn ordinary_item(world: &World, rng: &mut ChaCha8Rng, importer: &str) -> Item {
    let hs = world.pick_hs_for(rng, importer);
    let (origin, export) = pick_origin(world, rng, hs);
    let background_illicit = rng.random::<f64>() < 0.008;
    let mut item = Item {
        hs,
        declared_hs: hs,
        origin,
        export,
        value_factor: 1.0,
        fixed_value: None,
        pattern: "",
        illicit: background_illicit,
    };
    let roll: f64 = rng.random();
    if roll < 0.012 {
        item.pattern = "undervaluation";
        item.value_factor = rng.random_range(0.12..0.4);
        item.illicit = rng.random::<f64>() < 0.85;
    } else if roll < 0.016 {
        let (truth, declared) = MISCLASSIFICATION[rng.random_range(0..MISCLASSIFICATION.len())];
        if let (Some(t), Some(d)) = (world.find_hs(truth), world.find_hs(declared)) {
            item.hs = t;
            item.declared_hs = d;
            let (o, e) = pick_origin(world, rng, t);
            item.origin = o;
            item.export = e;
            item.pattern = "misclassification";
            item.illicit = rng.random::<f64>() < 0.85;
        }
    } else if roll < 0.023 {
        const SENSITIVE: &[&str] = &["720839", "721049", "730630", "854143", "760410", "940171"];
        if let Some(h) = world.find_hs(SENSITIVE[rng.random_range(0..SENSITIVE.len())]) {
            item.hs = h;
            item.declared_hs = h;
            item.origin = ["VN", "MY", "TH", "ID"][rng.random_range(0..4)];
            item.export = "CN";
            item.pattern = "origin_mismatch";
            item.illicit = rng.random::<f64>() < 0.75;
        }
    }
    item
}

fn ordinary_declaration(
    world: &World,
    rng: &mut ChaCha8Rng,
    chunk: u64,
    local: &mut u64,
) -> (Header, Vec<Item>) {
    let header = declaration_header(world, rng, chunk, local, None, None);
    let n = 1 + heavy_tail(rng, 6) as usize;
    let items = (0..n)
        .map(|_| ordinary_item(world, rng, &header.importer))
        .collect();
    (header, items)
}

/// Several declarations by one importer of one exporter's goods on one day, each just under the
/// simplified-clearance threshold, together well over it.
fn split_consignment(
    world: &World,
    rng: &mut ChaCha8Rng,
    chunk: u64,
    local: &mut u64,
) -> Vec<(Header, Vec<Item>)> {
    let importer = format!("IMP{:06}", rng.random_range(0..world.importers));
    let day = rng.random_range(0..365);
    let hs = world.pick_hs_for(rng, &importer);
    let (origin, export) = pick_origin(world, rng, hs);
    let illicit = rng.random::<f64>() < 0.7;
    let mut exporter = None;
    (0..rng.random_range(3..7))
        .map(|_| {
            let mut header =
                declaration_header(world, rng, chunk, local, Some(importer.clone()), Some(day));
            // one supplier's shipment, cut into parts: every part names the first one's exporter
            header.exporter = exporter.get_or_insert(header.exporter).clone();
            let value = SPLIT_THRESHOLD_USD * rng.random_range(0.6..0.98);
            let item = Item {
                hs,
                declared_hs: hs,
                origin,
                export,
                value_factor: 1.0,
                fixed_value: Some(value),
                pattern: "split_consignment",
                illicit,
            };
            (header, vec![item])
        })
        .collect()
}

/// A trader never seen before who files many declarations within a week.
fn new_trader_burst(
    world: &World,
    rng: &mut ChaCha8Rng,
    chunk: u64,
    local: &mut u64,
) -> Vec<(Header, Vec<Item>)> {
    let importer = format!("NEW{chunk:05}{:05}", *local % 100_000);
    let first_day = rng.random_range(0..358);
    let illicit_trader = rng.random::<f64>() < 0.5;
    (0..rng.random_range(8..21))
        .map(|_| {
            let day = first_day + rng.random_range(0..7);
            let header =
                declaration_header(world, rng, chunk, local, Some(importer.clone()), Some(day));
            let mut item = ordinary_item(world, rng, &importer);
            item.pattern = "new_trader_burst";
            item.illicit = illicit_trader && rng.random::<f64>() < 0.8;
            if item.illicit {
                item.value_factor = rng.random_range(0.3..0.7);
            }
            (header, vec![item])
        })
        .collect()
}

fn write_row(
    world: &World,
    rng: &mut ChaCha8Rng,
    seed: u64,
    out: &mut String,
    h: &Header,
    item_no: usize,
    item: &Item,
) {
    let (true_code, true_description, true_ch) = world.subheadings[item.hs];
    let (code, _, _) = world.subheadings[item.declared_hs];
    // Unit value (USD/kg): a log-normal around a median fixed per HS6 and origin.
    let (lo, hi) = unit_value_range(true_ch);
    let median_uv = (lo.ln() + unit01(fnv(&[true_code])) * (hi.ln() - lo.ln())).exp();
    let origin_factor: f64 =
        (Normal::<f64>::new(0.0, 0.25)
            .expect("valid")
            .sample(&mut ChaCha8Rng::seed_from_u64(fnv(&[
                true_code,
                item.origin,
            ]))))
        .exp();
    let uv = LogNormal::new((median_uv * origin_factor).ln(), 0.35)
        .expect("valid")
        .sample(rng);
    let net_kg = match item.fixed_value {
        Some(v) => (v / uv).max(0.1),
        None => LogNormal::<f64>::new(6.5, 1.3)
            .expect("valid")
            .sample(rng)
            .max(0.1),
    };
    let true_cif = item.fixed_value.unwrap_or(uv * net_kg);
    let cif = true_cif * item.value_factor;
    let fob = cif * rng.random_range(0.86..0.95);
    let gross_kg = net_kg * rng.random_range(1.02..1.15);
    let per_unit_kg = 0.05 + unit01(fnv(&[true_code, "unit"])) * 40.0;
    let (quantity, unit) = if unit01(fnv(&[true_code, "bulk"])) < 0.4 {
        (net_kg, "KGM")
    } else {
        ((net_kg / per_unit_kg).ceil().max(1.0), "NAR")
    };
    let taxes = cif * duty_rate(code);
    let revenue = if item.illicit {
        (true_cif * duty_rate(true_code) - taxes).max(true_cif * 0.02)
    } else {
        0.0
    };
    let (currency, invoice) =
        if ["DE", "FR", "IT", "NL", "BE", "ES", "IE", "FI"].contains(&item.export) {
            ("EUR", fob / 1.08)
        } else {
            ("USD", fob)
        };
    let inspected = if item.illicit {
        rng.random::<f64>() < 0.55
    } else {
        rng.random::<f64>() < 0.06
    };
    let lane = if inspected {
        if rng.random::<f64>() < 0.7 {
            "red"
        } else {
            "yellow"
        }
    } else if rng.random::<f64>() < 0.05 {
        "blue"
    } else {
        "green"
    };
    let national = ["0000", "1000", "9000"][(fnv(&[code, "nat"]) % 3) as usize];
    let procedure = if rng.random::<f64>() < 0.93 {
        "4000"
    } else {
        "4071"
    };
    // the goods as the trader describes them: the true goods, whatever code is declared
    let mut words =
        ChaCha8Rng::seed_from_u64(seed ^ fnv(&[&h.id, &item_no.to_string(), "description"]));
    let desc = descriptions::trader_description(&mut words, true_code, true_description, true_ch)
        .replace('"', "\"\"");
    let transport = if h.sea { "1" } else { "4" };
    let _ = writeln!(
        out,
        "{},{item_no},{},{},{procedure},{},{},{},{code}{national},\"{desc}\",{},{},{transport},{},{},{},{quantity:.0},{unit},{gross_kg:.1},{net_kg:.1},{invoice:.2},{currency},{cif:.2},{fob:.2},{taxes:.2},{lane},{inspected},{},{revenue:.2},{},{},{}",
        h.id,
        h.at.format("%Y-%m-%dT%H:%M:%S"),
        h.office,
        h.importer,
        h.declarant,
        h.exporter,
        item.origin,
        item.export,
        h.containers,
        h.imo,
        h.mmsi,
        item.illicit,
        seal_numbers(&h.containers),
        document_refs(&h.id, h.sea),
        item.pattern,
    );
}

/// Whether a declaration's documents are anchored on the generated trade ledger (one in five,
/// decided by its id, so the ledger generator can tell without reading the rows' randomness).
pub fn anchored(declaration_id: &str) -> bool {
    fnv(&[declaration_id, "ledger"]).is_multiple_of(5)
}

/// The documents a declaration cites (`;`-separated): invoice, certificate of origin and, by
/// sea, the bill of lading — for the declarations whose documents are on the ledger.
pub fn document_refs(declaration_id: &str, sea: bool) -> String {
    if !anchored(declaration_id) {
        return String::new();
    }
    let mut refs = vec![
        format!("INV-{declaration_id}"),
        format!("COO-{declaration_id}"),
    ];
    if sea {
        refs.push(format!("BL-{declaration_id}"));
    }
    refs.join(";")
}

/// The seal on each container (`;`-separated, as the containers are): an ISO 17712 bolt seal
/// number derived from the container number, so the container tracker generator can re-derive it.
pub fn seal_numbers(containers: &str) -> String {
    containers
        .split(';')
        .filter(|c| !c.is_empty())
        .map(seal_for)
        .collect::<Vec<_>>()
        .join(";")
}

/// The declared seal of one container.
pub fn seal_for(container: &str) -> String {
    format!(
        "{}-{:07}",
        &container[..2.min(container.len())],
        fnv(&[container, "seal"]) % 10_000_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes_and_exact_row_count() {
        let world = World::new(1000);
        let (a, sa) = generate_chunk(&world, 7, 0, 500);
        let (b, _) = generate_chunk(&world, 7, 0, 500);
        assert_eq!(a, b);
        assert_eq!(sa.rows, 500);
        assert_eq!(a.lines().count(), 500);
        let (c, _) = generate_chunk(&world, 8, 0, 500);
        assert_ne!(a, c);
    }

    #[test]
    fn containers_and_vessels_have_valid_check_digits() {
        let world = World::new(1000);
        let (text, _) = generate_chunk(&world, 1, 0, 300);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut seen = 0;
        for rec in reader.records() {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), HEADER.len());
            for id in rec[13].split(';').filter(|s| !s.is_empty()) {
                assert!(iso6346::is_valid(id), "{id}");
                seen += 1;
            }
        }
        assert!(seen > 0);
    }

    #[test]
    fn imo_check_digit() {
        // IMO 9074729 is a textbook example: 9·7+0·6+7·5+4·4+7·3+2·2 = 139 → 9.
        assert_eq!(imo_number(907472), "9074729");
    }
}
