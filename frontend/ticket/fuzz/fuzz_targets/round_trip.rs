//! Any claims and key id: a signed code verifies to exactly those claims with its key, names its
//! key, and one changed character never verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[derive(Debug, arbitrary::Arbitrary)]
struct Input {
    seed: [u8; 32],
    id: u32,
    forum: i64,
    registration: i64,
    version: i64,
    flip: usize,
}

fuzz_target!(|input: Input| {
    let claims = ticket::TicketClaims {
        forum: input.forum.max(0),
        registration: input.registration.max(0),
        version: input.version.max(0),
    };
    let keys = ticket::TicketKeys::with_id(input.seed, input.id);
    let code = keys.sign(claims);
    assert_eq!(keys.verify(&code), Ok(claims));
    assert_eq!(ticket::key_id(&code), Ok(input.id));
    let body = ticket::PREFIX.len();
    let at = body + input.flip % (code.len() - body);
    let mut changed = code.clone().into_bytes();
    changed[at] = if changed[at] == b'0' { b'1' } else { b'0' };
    let changed = String::from_utf8(changed).expect("ascii");
    assert!(changed == code || keys.verify(&changed).is_err(), "{changed}");
});
