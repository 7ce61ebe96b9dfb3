//! Ledger verification throughput without the database, for bench/ledger.sh.
//!
//! ```text
//! ledger_verify generate BLOCKS FILE   write a Fabric peer block file of BLOCKS blocks
//! ledger_verify verify FILE            verify it: prints blocks, failed, bytes, seconds
//! ledger_verify ecdsa N                N ECDSA P-256 verifications: prints N, seconds
//! ```
//!
//! The generated chain is what a peer writes: one endorser envelope per block (a signed payload
//! with its channel header, ~1 KB), data hashes, header hashes chained through previous_hash,
//! the transactions filter. Verification is clearway's own (`ledger::fabric::verify`): the block
//! file parsed, every data hash and header hash recomputed and linked, every envelope checked
//! for canonical form (CVE-2023-46132) and decoded. Signatures are measured apart (`ecdsa`),
//! since their cost does not depend on the bytes.

use clearway_formats::ledger::{fabric, proto};
use sha2::{Digest, Sha256};
use std::io::Write;

fn usage() -> ! {
    eprintln!("usage: ledger_verify generate BLOCKS FILE | verify FILE | ecdsa N");
    std::process::exit(2);
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") if args.len() == 3 => {
            generate(args[1].parse().unwrap_or_else(|_| usage()), &args[2])
        }
        Some("verify") if args.len() == 2 => verify(&args[1]),
        Some("ecdsa") if args.len() == 2 => ecdsa(args[1].parse().unwrap_or_else(|_| usage())),
        _ => usage(),
    }
}

/// A deterministic byte stream (no RNG dependency needed for filler).
fn filler(seed: u64, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut block = Sha256::digest(seed.to_le_bytes());
    while out.len() < len {
        out.extend_from_slice(&block);
        block = Sha256::digest(block);
    }
    out.truncate(len);
    out
}

fn envelope(number: u64) -> Vec<u8> {
    let mut timestamp = Vec::new();
    proto::put_varint(&mut timestamp, 1 << 3);
    proto::put_varint(&mut timestamp, 1_735_689_600 + number);
    let mut channel = Vec::new();
    proto::put_varint(&mut channel, 1 << 3);
    proto::put_varint(&mut channel, 3);
    proto::put_bytes(&mut channel, 3, &timestamp);
    proto::put_bytes(&mut channel, 4, b"tradechannel");
    proto::put_bytes(&mut channel, 5, hex::encode(filler(number, 32)).as_bytes());
    let mut header = Vec::new();
    proto::put_bytes(&mut header, 1, &channel);
    let mut payload = Vec::new();
    proto::put_bytes(&mut payload, 1, &header);
    proto::put_bytes(&mut payload, 2, &filler(number ^ 0xDA7A, 900));
    let mut env = Vec::new();
    proto::put_bytes(&mut env, 1, &payload);
    proto::put_bytes(&mut env, 2, &filler(number ^ 0x5164, 71));
    env
}

fn generate(blocks: u64, path: &str) {
    let file = std::fs::File::create(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut previous: Vec<u8> = Vec::new();
    for number in 0..blocks {
        let env = envelope(number);
        let data_hash = Sha256::digest(&env).to_vec();
        let mut block = Vec::with_capacity(env.len() + 128);
        proto::put_varint(&mut block, number);
        for part in [&data_hash, &previous] {
            proto::put_varint(&mut block, part.len() as u64);
            block.extend_from_slice(part);
        }
        proto::put_varint(&mut block, 1);
        proto::put_varint(&mut block, env.len() as u64);
        block.extend_from_slice(&env);
        // metadata: SIGNATURES (empty), LAST_CONFIG, TRANSACTIONS_FILTER (one VALID byte)
        let metadata: [&[u8]; 3] = [&[], &[], &[0]];
        proto::put_varint(&mut block, metadata.len() as u64);
        for m in metadata {
            proto::put_varint(&mut block, m.len() as u64);
            block.extend_from_slice(m);
        }
        let mut record = Vec::with_capacity(block.len() + 4);
        proto::put_varint(&mut record, block.len() as u64);
        record.extend_from_slice(&block);
        out.write_all(&record).expect("write");
        previous = Sha256::digest(fabric::header_der(number, &previous, &data_hash)).to_vec();
    }
    out.flush().expect("flush");
}

fn verify(path: &str) {
    // timed from the read, as sha256sum's time includes reading the file
    let started = std::time::Instant::now();
    let bytes = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let (blocks, error) = fabric::read_blockfile(&bytes);
    let verdicts = fabric::verify(&blocks);
    let seconds = started.elapsed().as_secs_f64();
    let failed = verdicts.iter().filter(|v| !v.errors.is_empty()).count();
    if let Some(e) = error {
        eprintln!("{e}");
    }
    println!("{} {failed} {} {seconds:.4}", blocks.len(), bytes.len());
}

fn ecdsa(n: usize) {
    use ring::signature::{EcdsaKeyPair, KeyPair, ECDSA_P256_SHA256_ASN1_SIGNING};
    let rng = ring::rand::SystemRandom::new();
    let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &rng).expect("a key");
    let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, pkcs8.as_ref(), &rng)
        .expect("a key pair");
    let message = filler(7, 1024);
    let der = pair.sign(&rng, &message).expect("a signature");
    // as the verifier does it: a public key from its bytes, a DER signature checked
    let public = pair.public_key().as_ref().to_vec();
    let started = std::time::Instant::now();
    let mut ok = 0;
    for _ in 0..n {
        let key = ring::signature::UnparsedPublicKey::new(
            &ring::signature::ECDSA_P256_SHA256_ASN1,
            &public,
        );
        ok += usize::from(key.verify(&message, der.as_ref()).is_ok());
    }
    println!("{ok} {:.4}", started.elapsed().as_secs_f64());
}
