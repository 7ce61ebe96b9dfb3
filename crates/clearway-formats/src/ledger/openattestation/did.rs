//! DID signatures of OpenAttestation documents, checked offline.
//!
//! A DID-signed document's issuer signs its Merkle root: an EIP-191 `personal_sign` of the 32
//! raw bytes of `merkleRoot` with a secp256k1 key. oa-verify resolves the signing key from the
//! issuer's DID document and compares the address the signature recovers with the key's
//! `blockchainAccountId`.
//!
//! **Offline assumption, stated wherever a verdict relies on it:** for `did:ethr:<address>`
//! clearway uses the *default* DID document that ethr-did-resolver produces when the
//! ERC-1056 registry holds no changes for that identity: one key, `<did>#controller`, whose
//! address is the DID's own address. A key the registry added or rotated later (a delegate,
//! `#delegate-1`) cannot be seen offline and is reported as not checkable, never as valid.
//! `did:web` and public-key `did:ethr` identifiers need their documents and are not checkable
//! offline either.
//!
//! Recovery uses `alloy-primitives`' `Signature::recover_address_from_msg` (k256 backend); the
//! signature bytes are read as ethers v5's `splitSignature` reads them (65 bytes `r‖s‖v` with
//! v ∈ {0, 1, 27, 28, …} taken by parity, or 64-byte EIP-2098 compact), r and s must be
//! non-zero scalars below the curve order.

use alloy_primitives::{Signature, U256};

/// A named problem with its detail.
pub type Failure = (&'static str, String);

/// The address of a `did:ethr` identifier in address form (`did:ethr:0x…` or
/// `did:ethr:<network>:0x…`), as written.
pub fn ethr_address(did: &str) -> Option<&str> {
    let rest = did.strip_prefix("did:ethr:")?;
    let address = rest.rsplit(':').next()?;
    let network_ok = rest
        .strip_suffix(address)
        .map(|n| {
            n.is_empty()
                || n.trim_end_matches(':')
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric())
        })
        .unwrap_or(false);
    let hex = address.strip_prefix("0x")?;
    (network_ok && hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then_some(address)
}

/// The secp256k1 group order n, big-endian.
const ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// The signature's bytes as ethers v5 reads them.
fn parse_signature(text: &str) -> Result<Signature, String> {
    let hex_part = text
        .strip_prefix("0x")
        .ok_or_else(|| format!("signature `{}` is not 0x-prefixed hex", short(text)))?;
    let bytes =
        hex::decode(hex_part).map_err(|_| format!("signature `{}` is not hex", short(text)))?;
    let sig = match bytes.len() {
        65 => {
            let mut v = bytes[64];
            if v < 27 {
                if v <= 1 {
                    v += 27;
                } else {
                    return Err(format!("signature v byte {v} is invalid"));
                }
            }
            // ethers: recoveryParam = 1 - (v % 2)
            Signature::from_bytes_and_parity(&bytes, v % 2 == 0)
        }
        64 => Signature::from_erc2098(&bytes),
        n => return Err(format!("signature has {n} bytes, not 65 (or 64 compact)")),
    };
    let order = U256::from_be_slice(&ORDER);
    for (name, x) in [("r", sig.r()), ("s", sig.s())] {
        if x.is_zero() || x >= order {
            return Err(format!(
                "signature {name} is not a scalar below the curve order"
            ));
        }
    }
    Ok(sig)
}

fn short(s: &str) -> String {
    s.chars().take(20).collect()
}

/// The address that signed `merkle_root` (EIP-191 over its 32 raw bytes).
pub fn recover(signature: &str, merkle_root: &[u8; 32]) -> Result<String, String> {
    let sig = parse_signature(signature)?;
    sig.recover_address_from_msg(merkle_root)
        .map(|a| a.to_checksum(None))
        .map_err(|e| format!("no key recovers from the signature: {e}"))
}

/// Checks that `did`'s key `key` signed `merkle_root`; returns the signer's address.
pub fn verify(
    did: &str,
    key: &str,
    signature: &str,
    merkle_root: &[u8; 32],
) -> Result<String, Failure> {
    let Some(address) = ethr_address(did) else {
        return Err((
            "DID not resolvable offline",
            format!(
                "{did} is not a did:ethr address identifier; its DID document (did:web, a public-key did:ethr) needs the network"
            ),
        ));
    };
    if !key.eq_ignore_ascii_case(&format!("{did}#controller")) {
        return Err((
            "KEY_NOT_IN_DID",
            format!(
                "key {key} is not {did}#controller, the only key of the default did:ethr document (keys the ERC-1056 registry added later are not visible offline)"
            ),
        ));
    }
    let recovered = recover(signature, merkle_root).map_err(|why| ("malformed signature", why))?;
    if recovered.eq_ignore_ascii_case(address) {
        Ok(address.to_string())
    } else {
        Err((
            "WRONG_SIGNATURE",
            format!(
                "merkle root is not signed correctly by {address} (the signature recovers {recovered})"
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ethr_identifiers_in_address_form_only() {
        let a = "0x1245e5B64D785b25057f7438F715f4aA5D965733";
        assert_eq!(ethr_address(&format!("did:ethr:{a}")), Some(a));
        assert_eq!(ethr_address(&format!("did:ethr:sepolia:{a}")), Some(a));
        assert_eq!(
            ethr_address(
                "did:ethr:0x02b97c30de767f084ce3080168ee293053ba33b235d7116a3263d29f1450936b71"
            ),
            None
        );
        assert_eq!(ethr_address("did:web:example.com"), None);
        assert_eq!(ethr_address(&format!("did:ethr:bad net:{a}")), None);
    }

    #[test]
    fn malformed_signatures_are_named_not_panics() {
        let root = [7u8; 32];
        for s in [
            "",
            "0x",
            "0xzz",
            "abcd",
            &format!("0x{}", "00".repeat(65)),
            &format!("0x{}1b", "ff".repeat(64)),
            &format!("0x{}05", "11".repeat(64)),
        ] {
            assert!(recover(s, &root).is_err(), "{s}");
        }
    }
}
