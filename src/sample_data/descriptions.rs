//! Goods descriptions as traders write them, not as the nomenclature does.
//!
//! A declaration's goods description is typed by a clerk from an invoice: "SAMSUNG LED TV 55IN
//! UA55TU7000 20PCS", "chaussures cuir homme", "AUTO SPARE PTS BRAKE PADS". The classifier
//! (`clearway classify`) must learn from such text and the analyst must see it, so the
//! generator writes it the same way, from the nomenclature's own words:
//!
//! * the subheading's content words (stop words, references to other headings and parentheses
//!   dropped), the heading's first noun first; for the subheadings of the planted
//!   misclassification pairs and their neighbours, the product names a trader would use;
//! * words in French, Spanish or Portuguese, and trade abbreviations (`PTS`, `W/`, `TV`);
//! * brands and model numbers, counts and units (`20PCS`, `5 CTNS`, `1X40HC`);
//! * upper, title or lower case; a typo in one word in twenty.
//!
//! Each description has its own random stream, seeded by the declaration and item, so that the
//! other columns of a generated file do not depend on how its descriptions are written.

use rand::seq::IndexedRandom;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Descriptions longer than this are cut at a word boundary, as customs systems' fields are.
pub const MAX_CHARS: usize = 70;

/// Words of the nomenclature that no trader types.
const STOP_WORDS: &[&str] = &[
    "a",
    "an",
    "and",
    "or",
    "of",
    "the",
    "in",
    "for",
    "with",
    "whether",
    "not",
    "other",
    "than",
    "nec",
    "n.e.c",
    "n.e.c.",
    "n.e.s",
    "heading",
    "headings",
    "no",
    "no.",
    "subheading",
    "chapter",
    "including",
    "excluding",
    "being",
    "but",
    "over",
    "their",
    "its",
    "by",
    "on",
    "to",
    "at",
    "as",
    "from",
    "which",
    "that",
    "such",
    "kind",
    "kinds",
    "used",
    "use",
    "principally",
    "solely",
    "mainly",
    "suitable",
    "similar",
    "those",
    "these",
    "e.g.",
    "etc",
    "i.e.",
    "only",
    "also",
    "any",
    "all",
    "containing",
    "incorporating",
    "put",
    "up",
    "be",
    "is",
    "are",
    "having",
    "more",
    "less",
    "exceeding",
    "weight",
    "form",
    "forms",
    "n.e.s.",
];

/// Trade abbreviations and shop-floor names of nomenclature words.
const ABBREVIATIONS: &[(&str, &[&str])] = &[
    ("parts", &["PTS", "SPARE PARTS", "SPARES"]),
    ("accessories", &["ACC", "ACCS"]),
    ("apparatus", &["APP", "APPARATUS", "EQUIPT"]),
    ("machines", &["MACH", "MACHINE"]),
    ("machinery", &["MACHINERY", "MACH"]),
    ("equipment", &["EQUIP", "EQPT"]),
    ("electric", &["ELEC", "ELECT"]),
    ("electrical", &["ELEC", "ELECTRICAL"]),
    ("television", &["TV", "TELEVISION"]),
    ("telephone", &["PHONE", "TEL"]),
    ("telephones", &["PHONES", "MOBILE PHONES"]),
    ("refrigerators", &["FRIDGE", "REFRIGERATOR"]),
    ("aluminium", &["ALU", "ALUM"]),
    ("stainless", &["SS", "INOX"]),
    ("polyethylene", &["PE", "POLYETHYLENE"]),
    ("polypropylene", &["PP", "POLYPROPYLENE"]),
    ("cotton", &["COTT", "100% COTTON"]),
    ("garments", &["GARMT", "CLOTHES"]),
    ("vehicles", &["VEH", "VEHICLE"]),
    ("footwear", &["SHOES", "FOOTWEAR", "FOOTWARE"]),
    ("medicaments", &["MEDICINE", "DRUGS", "PHARMA"]),
    ("preparations", &["PREP", "PREPS"]),
    ("assorted", &["ASSTD", "ASST"]),
    ("automatic", &["AUTO"]),
    ("processing", &["PROC"]),
    ("knitted", &["KNIT", "KNITTED"]),
    ("synthetic", &["SYNTH", "SYNTHETIC"]),
    ("fibres", &["FIBRE", "FIBER"]),
    ("colour", &["COLOR", "COLOUR"]),
    ("articles", &["ITEMS", "ARTICLES", "GOODS"]),
];

/// Nomenclature words in French, Spanish and Portuguese, as invoices from those markets carry
/// them (accents as typed: often none).
const TRANSLATIONS: &[(&str, [&str; 3])] = &[
    ("footwear", ["chaussures", "calzado", "calçados"]),
    ("shoes", ["chaussures", "zapatos", "sapatos"]),
    ("leather", ["cuir", "cuero", "couro"]),
    ("rubber", ["caoutchouc", "caucho", "borracha"]),
    ("plastics", ["plastique", "plastico", "plástico"]),
    ("cotton", ["coton", "algodón", "algodao"]),
    ("wool", ["laine", "lana", "lã"]),
    ("steel", ["acier", "acero", "aço"]),
    ("iron", ["fer", "hierro", "ferro"]),
    ("copper", ["cuivre", "cobre", "cobre"]),
    ("wood", ["bois", "madera", "madeira"]),
    ("wooden", ["en bois", "de madera", "de madeira"]),
    ("paper", ["papier", "papel", "papel"]),
    ("glass", ["verre", "vidrio", "vidro"]),
    ("parts", ["pièces", "partes", "peças"]),
    ("machines", ["machines", "máquinas", "máquinas"]),
    ("apparatus", ["appareils", "aparatos", "aparelhos"]),
    ("vehicles", ["véhicules", "vehículos", "veículos"]),
    ("motor", ["moteur", "motor", "motor"]),
    ("electric", ["électrique", "eléctrico", "elétrico"]),
    ("men's", ["homme", "hombre", "masculino"]),
    ("women's", ["femme", "mujer", "feminino"]),
    ("girls'", ["fille", "niña", "menina"]),
    ("boys'", ["garçon", "niño", "menino"]),
    ("fabrics", ["tissus", "tejidos", "tecidos"]),
    ("furniture", ["meubles", "muebles", "móveis"]),
    ("toys", ["jouets", "juguetes", "brinquedos"]),
    ("wine", ["vin", "vino", "vinho"]),
    ("beer", ["bière", "cerveza", "cerveja"]),
    ("fish", ["poisson", "pescado", "peixe"]),
    ("meat", ["viande", "carne", "carne"]),
    ("rice", ["riz", "arroz", "arroz"]),
    ("sugar", ["sucre", "azúcar", "açúcar"]),
    ("milk", ["lait", "leche", "leite"]),
    ("oil", ["huile", "aceite", "óleo"]),
    ("oils", ["huiles", "aceites", "óleos"]),
    ("fruit", ["fruits", "frutas", "frutas"]),
    ("vegetables", ["légumes", "verduras", "legumes"]),
    ("frozen", ["congelé", "congelado", "congelado"]),
    ("fresh", ["frais", "fresco", "fresco"]),
    ("dried", ["séché", "seco", "seco"]),
    ("tyres", ["pneus", "neumáticos", "pneus"]),
    ("tubes", ["tubes", "tubos", "tubos"]),
    ("pipes", ["tuyaux", "tuberías", "canos"]),
    ("wire", ["fil", "alambre", "fio"]),
    ("lamps", ["lampes", "lámparas", "lâmpadas"]),
    ("television", ["téléviseur", "televisor", "televisão"]),
    (
        "medicaments",
        ["médicaments", "medicamentos", "medicamentos"],
    ),
    ("soap", ["savon", "jabón", "sabão"]),
    ("chairs", ["chaises", "sillas", "cadeiras"]),
    ("seats", ["sièges", "asientos", "assentos"]),
    ("bags", ["sacs", "bolsas", "sacos"]),
    ("cement", ["ciment", "cemento", "cimento"]),
    ("bottles", ["bouteilles", "botellas", "garrafas"]),
    ("boxes", ["boîtes", "cajas", "caixas"]),
    ("knitted", ["tricoté", "de punto", "malha"]),
    ("dyed", ["teint", "teñido", "tingido"]),
    ("new", ["neuf", "nuevo", "novo"]),
];

/// What traders call the goods of some subheadings: those of the planted misclassification
/// pairs (shared/reference/declarations.md §4), so that the pattern reads as it does in life —
/// a television described as a television, declared as television parts.
const PRODUCT_NAMES: &[(&str, &[&str])] = &[
    (
        "852872",
        &[
            "LED TV",
            "SMART TV",
            "TELEVISION SET",
            "UHD SMART TELEVISION",
            "TELEVISEUR LED",
            "TELEVISOR LED",
        ],
    ),
    (
        "852990",
        &[
            "TV MAINBOARD",
            "LED TV PANEL SPARE PARTS",
            "T-CON BOARD",
            "BACKLIGHT STRIPS FOR TV",
            "TV POWER BOARD",
        ],
    ),
    (
        "852859",
        &[
            "LCD MONITOR",
            "LED DISPLAY MONITOR",
            "CCTV MONITOR",
            "MONITOR LCD",
        ],
    ),
    (
        "847160",
        &[
            "KEYBOARD AND MOUSE",
            "COMPUTER KEYBOARD",
            "BARCODE SCANNER",
            "USB MOUSE",
        ],
    ),
    (
        "610910",
        &[
            "T-SHIRTS COTTON",
            "TEE SHIRTS",
            "COTTON T SHIRT",
            "CAMISETAS ALGODON",
            "TEE-SHIRTS COTON",
        ],
    ),
    (
        "630790",
        &[
            "FACE MASKS",
            "CLEANING CLOTHS",
            "TEXTILE ARTICLES",
            "TOTE BAGS FABRIC",
        ],
    ),
    (
        "640399",
        &[
            "LEATHER SHOES",
            "MENS LEATHER SHOES",
            "CHAUSSURES CUIR",
            "LEATHER SANDALS",
            "ZAPATOS DE CUERO",
        ],
    ),
    (
        "640690",
        &["SHOE SOLES", "SHOE UPPERS", "INSOLES", "HEELS FOR SHOES"],
    ),
    (
        "870323",
        &[
            "SALOON CAR 1800CC",
            "SUV 2.0L PETROL",
            "TOYOTA COROLLA 1.8",
            "USED CAR 2.5L",
            "MOTOR CAR PETROL 2000CC",
        ],
    ),
    (
        "870899",
        &[
            "AUTO SPARE PARTS",
            "CAR PARTS",
            "BRAKE PADS",
            "SHOCK ABSORBERS",
            "PIECES AUTO",
        ],
    ),
    (
        "220421",
        &[
            "RED WINE 75CL",
            "WINE BOTTLES 750ML",
            "VIN ROUGE",
            "VINO TINTO",
            "WHITE WINE",
        ],
    ),
    (
        "220600",
        &["APPLE CIDER", "PALM WINE", "SAKE", "FERMENTED BEVERAGE"],
    ),
    (
        "330499",
        &[
            "BODY LOTION",
            "FACE CREAM",
            "SKIN CARE CREAM",
            "SUNSCREEN LOTION",
            "CREME CORPORELLE",
        ],
    ),
    (
        "340111",
        &[
            "TOILET SOAP",
            "BATH SOAP BARS",
            "SAVON DE TOILETTE",
            "BEAUTY SOAP",
        ],
    ),
    (
        "950300",
        &[
            "TOYS ASSORTED",
            "PLASTIC TOYS",
            "DOLLS",
            "TOY CARS",
            "JOUETS ENFANTS",
            "PUZZLES",
        ],
    ),
    (
        "392690",
        &[
            "PLASTIC ARTICLES",
            "PLASTIC HANGERS",
            "PLASTIC CLIPS",
            "PVC ITEMS",
        ],
    ),
    (
        "940360",
        &[
            "WOODEN FURNITURE",
            "WOOD CABINET",
            "MEUBLES EN BOIS",
            "WOODEN TABLE",
            "TV STAND WOOD",
        ],
    ),
    (
        "441899",
        &[
            "WOODEN DOORS PARTS",
            "WOOD JOINERY",
            "TIMBER BEAMS",
            "WOODEN PANELS",
        ],
    ),
    (
        "611030",
        &[
            "SWEATERS POLYESTER",
            "PULLOVERS",
            "CARDIGANS ACRYLIC",
            "JERSEYS KNITTED",
        ],
    ),
    (
        "600622",
        &[
            "KNITTED FABRIC COTTON",
            "JERSEY FABRIC DYED",
            "COTTON KNIT FABRIC ROLLS",
        ],
    ),
];

/// Brands by chapter group.
fn brands(chapter: u32) -> &'static [&'static str] {
    match chapter {
        84 | 85 => &[
            "SAMSUNG",
            "LG",
            "SONY",
            "HISENSE",
            "TCL",
            "TP-LINK",
            "HUAWEI",
            "XIAOMI",
            "BOSCH",
            "SIEMENS",
            "PHILIPS",
            "PANASONIC",
            "HP",
            "LENOVO",
            "MAKITA",
            "HAIER",
            "MIDEA",
        ],
        86..=89 => &[
            "TOYOTA", "HONDA", "NISSAN", "HYUNDAI", "KIA", "MERCEDES", "VW", "FORD", "PEUGEOT",
            "SINOTRUK", "BAJAJ",
        ],
        50..=67 => &[
            "NIKE", "ADIDAS", "PUMA", "ZARA", "H&M", "LEVIS", "BATA", "CLARKS",
        ],
        30 => &["PFIZER", "GSK", "EMZOR", "SANOFI", "CIPLA"],
        33 | 34 => &["NIVEA", "LOREAL", "DOVE", "GARNIER", "UNILEVER"],
        1..=24 => &[
            "NESTLE", "HEINEKEN", "GUINNESS", "DANONE", "OLAM", "CARGILL",
        ],
        39 | 40 => &["SINOPEC", "MICHELIN", "BRIDGESTONE", "DUNLOP"],
        72 | 73 => &["ARCELOR", "POSCO", "BAOSTEEL", "TATA STEEL"],
        94 | 95 => &["IKEA", "LEGO", "MATTEL", "HASBRO"],
        _ => &["OEM", "NO BRAND", "GENERIC"],
    }
}

const UNITS: &[&str] = &[
    "PCS", "CTNS", "PKGS", "SETS", "PRS", "DOZ", "KGS", "BAGS", "ROLLS", "UNITS",
];

/// A trader's description of goods of subheading `code`, whose nomenclature text is
/// `description` and chapter `chapter`.
pub fn trader_description(
    rng: &mut ChaCha8Rng,
    code: &str,
    description: &str,
    chapter: u32,
) -> String {
    let mut parts: Vec<String> = Vec::new();
    let named = PRODUCT_NAMES.iter().find(|(c, _)| *c == code);
    match named {
        Some((_, names)) if rng.random::<f64>() < 0.8 => {
            parts.push(names.choose(rng).expect("names").to_string())
        }
        _ => parts.push(content_phrase(rng, description)),
    }
    if rng.random::<f64>() < 0.4 {
        parts.insert(0, brands(chapter).choose(rng).expect("brands").to_string());
    }
    if rng.random::<f64>() < 0.35 {
        parts.push(model_number(rng));
    }
    if rng.random::<f64>() < 0.5 {
        parts.push(count(rng));
    }
    let separator = *[" ", " ", " ", " - ", ", ", " / "]
        .choose(rng)
        .expect("separators");
    let text = with_typo(rng, parts.join(separator));
    cased(rng, &cut_words(&text, MAX_CHARS))
}

/// Up to five content words of the nomenclature text, each perhaps abbreviated or translated.
fn content_phrase(rng: &mut ChaCha8Rng, description: &str) -> String {
    let without_parentheses = strip_parentheses(description);
    let mut words: Vec<&str> = Vec::new();
    // a clause that says what the goods are not ("other than cathode-ray tube") is dropped
    // whole: its words would say the opposite of the goods
    let affirmative = without_parentheses
        .split([',', ';', ':'])
        .map(|clause| {
            match clause
                .to_lowercase()
                .find("other than")
                .or_else(|| clause.to_lowercase().find("excluding"))
                .or_else(|| clause.to_lowercase().find(" not "))
            {
                Some(at) if clause.is_char_boundary(at) => &clause[..at],
                _ => clause,
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    for word in affirmative
        .split(char::is_whitespace)
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '-'))
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        let numeric = word.chars().any(|c| c.is_ascii_digit()) && !word.ends_with("cc");
        if STOP_WORDS.contains(&lower.as_str())
            || numeric
            || words.iter().any(|w| w.eq_ignore_ascii_case(word))
        {
            continue;
        }
        words.push(word);
        if words.len() == 5 {
            break;
        }
    }
    let keep = if words.len() > 2 {
        rng.random_range(2..=words.len())
    } else {
        words.len()
    };
    let language = rng.random_range(0..3);
    words
        .iter()
        .take(keep)
        .map(|w| vary_word(rng, w, language))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One word as written: abbreviated (one in four where an abbreviation exists), translated
/// (one in six), or as it is.
fn vary_word(rng: &mut ChaCha8Rng, word: &str, language: usize) -> String {
    let lower = word.to_lowercase();
    if let Some((_, short)) = ABBREVIATIONS.iter().find(|(w, _)| *w == lower) {
        if rng.random::<f64>() < 0.25 {
            return short.choose(rng).expect("abbreviations").to_string();
        }
    }
    if let Some((_, other)) = TRANSLATIONS.iter().find(|(w, _)| *w == lower) {
        if rng.random::<f64>() < 0.17 {
            return other[language].to_string();
        }
    }
    word.to_string()
}

fn strip_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

fn model_number(rng: &mut ChaCha8Rng) -> String {
    let letters: String = (0..rng.random_range(1..=3))
        .map(|_| char::from(b'A' + rng.random_range(0..26u8)))
        .collect();
    let digits = rng.random_range(10..100_000);
    match rng.random_range(0..3) {
        0 => format!("{letters}{digits}"),
        1 => format!("{letters}-{digits}"),
        _ => format!("MODEL {letters}{digits}"),
    }
}

fn count(rng: &mut ChaCha8Rng) -> String {
    let n = [1, 2, 5, 10, 12, 20, 24, 50, 100, 120, 200, 500, 1000][rng.random_range(0..13)];
    match rng.random_range(0..5) {
        0 => format!("1X{}", ["20FT", "40FT", "40HC"][rng.random_range(0..3)]),
        1 => format!("{n}{}", UNITS.choose(rng).expect("units")),
        _ => format!("{n} {}", UNITS.choose(rng).expect("units")),
    }
}

/// One typo in one description in twenty: a letter doubled, dropped or swapped with the next.
fn with_typo(rng: &mut ChaCha8Rng, text: String) -> String {
    if rng.random::<f64>() >= 0.05 {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let letters: Vec<usize> = (1..chars.len().saturating_sub(1))
        .filter(|&i| chars[i].is_alphabetic() && chars[i + 1].is_alphabetic())
        .collect();
    let Some(&at) = letters.choose(rng) else {
        return text;
    };
    let mut out = chars.clone();
    match rng.random_range(0..3) {
        0 => out.insert(at, chars[at]),
        1 => {
            out.remove(at);
        }
        _ => out.swap(at, at + 1),
    }
    out.into_iter().collect()
}

/// Most in upper case, some in title or lower case.
fn cased(rng: &mut ChaCha8Rng, text: &str) -> String {
    match rng.random_range(0..20) {
        0..=12 => text.to_uppercase(),
        13..=16 => title_case(text),
        17 | 18 => text.to_lowercase(),
        _ => text.to_string(),
    }
}

fn title_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut start = true;
    for c in text.chars() {
        if start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphanumeric();
    }
    out
}

/// `text` cut to at most `max` characters, at a word boundary where there is one.
fn cut_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let head: String = text.chars().take(max).collect();
    match head.rfind(' ') {
        Some(i) if i > max / 2 => head[..i].trim_end_matches([' ', ',', '-', '/']).to_string(),
        _ => head,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn many(code: &str, description: &str, chapter: u32) -> Vec<String> {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        (0..400)
            .map(|_| trader_description(&mut rng, code, description, chapter))
            .collect()
    }

    #[test]
    fn descriptions_vary_as_traders_write() {
        let texts = many(
            "640399",
            "Footwear; n.e.c. in heading no. 6403, (not covering the ankle), outer soles of rubber, plastics or composition leather, uppers of leather",
            64,
        );
        let distinct: std::collections::HashSet<&String> = texts.iter().collect();
        assert!(distinct.len() > 300, "{} distinct of 400", distinct.len());
        assert!(texts
            .iter()
            .all(|t| t.chars().count() <= MAX_CHARS && !t.trim().is_empty()));
        assert!(texts
            .iter()
            .any(|t| t.contains("CUIR") || t.contains("cuir") || t.contains("Cuir")));
        assert!(texts.iter().any(|t| t.chars().any(|c| c.is_lowercase())));
        assert!(texts
            .iter()
            .any(|t| t.contains("PRS") || t.contains("PCS") || t.contains("CTNS")));
        assert!(
            !texts
                .iter()
                .any(|t| t.contains("6403") || t.contains("n.e.c")),
            "{texts:?}"
        );
    }

    #[test]
    fn nomenclature_words_without_a_product_name() {
        let texts = many(
            "731815",
            "Screws and bolts; of iron or steel, threaded, whether or not with their nuts or washers",
            73,
        );
        assert!(
            texts
                .iter()
                .filter(|t| t.to_uppercase().contains("SCREWS"))
                .count()
                > 300
        );
        assert!(!texts
            .iter()
            .any(|t| t.to_lowercase().split(' ').any(|w| w == "whether")));
    }

    #[test]
    fn what_the_goods_are_not_is_left_out() {
        let texts = many("852859", "Monitors other than cathode-ray tube; n.e.c. in subheading 8528.52, whether or not colour", 85);
        assert!(
            !texts.iter().any(|t| t.to_uppercase().contains("CATHODE")),
            "{texts:?}"
        );
    }

    #[test]
    fn parentheses_and_cuts() {
        assert_eq!(strip_parentheses("a (b (c) d) e"), "a  e");
        assert_eq!(cut_words("aaaa bbbb cccc", 11), "aaaa bbbb");
        assert_eq!(title_case("LED TV-SET"), "Led Tv-Set");
    }
}
