//! The current request and response as server functions and server components see them:
//! cookies, headers, whether a plain HTML form was posted. Server-only, and imports no feature.

use http::header::{ACCEPT, COOKIE};
use http::request::Parts;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

/// The response options of the current request (a fresh, detached one outside a request).
pub fn response_options() -> ResponseOptions {
    use_context::<ResponseOptions>().unwrap_or_default()
}

/// The request parts of the current request.
pub fn request_parts() -> Option<Parts> {
    use_context::<Parts>()
}

/// The value of a request cookie.
pub fn cookie_value(name: &str) -> Option<String> {
    cookie_in(&request_parts()?.headers, name)
}

/// The value of a cookie in a set of request headers.
pub fn cookie_in(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// True when the browser posted a plain HTML form (no JavaScript): it then expects a page back.
pub fn is_plain_form_post() -> bool {
    request_parts()
        .and_then(|p| {
            p.headers
                .get(ACCEPT)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.contains("text/html"))
        })
        .unwrap_or(false)
}

/// The Content-Security-Policy of every page: scripts, styles, wasm, workers and requests only
/// from this site (`'wasm-unsafe-eval'` lets the page compile the islands' and the decoder's
/// wasm), inline scripts only with this response's nonce (Leptos writes two small bootstrap
/// scripts), images from this site and `data:` (the ticket's QR code), no plugins, no `<base>`,
/// forms post only here, and no other site may frame a page. Style *attributes* are allowed (the
/// agenda grid places sessions with them; they cannot run code). Images may also come from
/// the https `image_hosts` the operator allowed for announcements.
pub fn content_security_policy(nonce: Option<&str>, image_hosts: &[String]) -> String {
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    let images: String = image_hosts
        .iter()
        .map(|h| format!(" https://{h}"))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{nonce}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:{images}; font-src 'self'; \
         connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The proxies whose `X-Forwarded-For` is believed (`AGORA_TRUSTED_PROXIES`: addresses or
/// CIDR blocks, comma-separated). Empty by default: the connection's peer is the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(std::net::IpAddr, u8)>);

impl TrustedProxies {
    /// Parses `10.0.0.0/8, 127.0.0.1, ::1`; the error names the entry that is not an address.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut blocks = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (addr, bits) = entry.split_once('/').unwrap_or((entry, ""));
            let addr: std::net::IpAddr = addr.parse().map_err(|_| entry.to_string())?;
            let most = if addr.is_ipv4() { 32 } else { 128 };
            let bits = match bits {
                "" => most,
                b => b
                    .parse::<u8>()
                    .ok()
                    .filter(|b| *b <= most)
                    .ok_or(entry.to_string())?,
            };
            blocks.push((addr, bits));
        }
        Ok(Self(blocks))
    }

    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|(block, bits)| {
            let block = canonical(*block);
            match (block, ip) {
                (std::net::IpAddr::V4(b), std::net::IpAddr::V4(i)) => {
                    prefix_eq(&b.octets(), &i.octets(), *bits)
                }
                (std::net::IpAddr::V6(b), std::net::IpAddr::V6(i)) => {
                    prefix_eq(&b.octets(), &i.octets(), *bits)
                }
                _ => false,
            }
        })
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is that IPv4 address.
fn canonical(ip: std::net::IpAddr) -> std::net::IpAddr {
    match ip {
        std::net::IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, std::net::IpAddr::V4),
        v4 => v4,
    }
}

fn prefix_eq(a: &[u8], b: &[u8], bits: u8) -> bool {
    let (whole, rest) = ((bits / 8) as usize, bits % 8);
    if a[..whole] != b[..whole] {
        return false;
    }
    rest == 0 || {
        let mask = 0xffu8 << (8 - rest);
        a[whole] & mask == b[whole] & mask
    }
}

/// The client's address: the connection's peer, or, when the peer is a trusted proxy, the
/// nearest address in `X-Forwarded-For` that is not one (read from the right, since a client
/// may write anything on the left). `None` only outside a real connection.
pub fn client_address(
    peer: Option<std::net::IpAddr>,
    headers: &http::HeaderMap,
    trusted: &TrustedProxies,
) -> Option<std::net::IpAddr> {
    let peer = canonical(peer?);
    if !trusted.contains(peer) {
        return Some(peer);
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .map(canonical)
        .collect();
    Some(
        forwarded
            .iter()
            .rev()
            .copied()
            .find(|a| !trusted.contains(*a))
            .or_else(|| forwarded.first().copied())
            .unwrap_or(peer),
    )
}

/// The id of one request: from the balancer's `X-Request-Id` when the peer is a trusted proxy
/// and the value is plain (letters, digits, `-_.:`, at most 64), else made here. It is in the
/// log line, the response's `X-Request-Id` and the error pages, so a participant can quote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    pub fn of(
        peer: Option<std::net::IpAddr>,
        headers: &http::HeaderMap,
        trusted: &TrustedProxies,
    ) -> Self {
        let given = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .filter(|v| {
                !v.is_empty()
                    && v.len() <= 64
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
            });
        match (peer.map(canonical), given) {
            (Some(peer), Some(given)) if trusted.contains(peer) => Self(given.to_string()),
            _ => Self(crate::secrets::new_secret_token()[..16].to_string()),
        }
    }
}

/// The id of the current request, if it has one.
pub fn request_id() -> Option<String> {
    request_parts()?
        .extensions
        .get::<RequestId>()
        .map(|r| r.0.clone())
}

/// The client address of the current server-function request (see `client_address`).
pub fn current_client(trusted: &TrustedProxies) -> Option<std::net::IpAddr> {
    let parts = request_parts()?;
    let peer = parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    client_address(peer, &parts.headers, trusted)
}

/// The key a limit counts a client by: an IPv4 address as it is, an IPv6 address by its /64
/// (one subscriber's network: an address rotated inside it is the same client).
pub fn limit_key(client: Option<std::net::IpAddr>) -> String {
    match client.map(canonical) {
        None => "unknown".to_string(),
        Some(std::net::IpAddr::V4(v4)) => v4.to_string(),
        Some(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// The limit key of the current server-function request's client (see `limit_key`).
pub fn current_limit_key(trusted: &TrustedProxies) -> String {
    limit_key(current_client(trusted))
}

#[cfg(test)]
mod client_tests {
    use super::*;

    #[test]
    fn a_request_id_is_taken_only_from_a_trusted_balancer_and_only_when_plain() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").expect("proxies");
        let mut h = http::HeaderMap::new();
        h.insert("x-request-id", "lb-42.a:b_c".parse().expect("header"));
        let balancer: std::net::IpAddr = "10.1.2.3".parse().expect("ip");
        let stranger: std::net::IpAddr = "203.0.113.9".parse().expect("ip");
        assert_eq!(RequestId::of(Some(balancer), &h, &trusted).0, "lb-42.a:b_c");
        let made = RequestId::of(Some(stranger), &h, &trusted).0;
        assert_ne!(made, "lb-42.a:b_c");
        assert_eq!(made.len(), 16);
        h.insert("x-request-id", "<script>".parse().expect("header"));
        assert_ne!(RequestId::of(Some(balancer), &h, &trusted).0, "<script>");
        h.insert("x-request-id", "a".repeat(65).parse().expect("header"));
        assert_eq!(RequestId::of(Some(balancer), &h, &trusted).0.len(), 16);
    }

    #[test]
    fn limits_count_an_ipv6_client_by_its_64() {
        let a: std::net::IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: std::net::IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().expect("ip");
        let other: std::net::IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(limit_key(Some(a)), limit_key(Some(b)));
        assert_eq!(limit_key(Some(a)), "2001:db8:1:2::/64");
        assert_ne!(limit_key(Some(a)), limit_key(Some(other)));
        let v4: std::net::IpAddr = "203.0.113.7".parse().expect("ip");
        assert_eq!(limit_key(Some(v4)), "203.0.113.7");
        let mapped: std::net::IpAddr = "::ffff:203.0.113.7".parse().expect("ip");
        assert_eq!(
            limit_key(Some(mapped)),
            "203.0.113.7",
            "a mapped IPv4 address is that address"
        );
        assert_eq!(limit_key(None), "unknown");
    }

    fn headers(xff: &str) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        h.insert("x-forwarded-for", xff.parse().expect("header"));
        h
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        let none = TrustedProxies::default();
        let lb = TrustedProxies::parse("10.0.0.0/8, ::1").expect("parses");
        let peer = |s: &str| Some(s.parse().expect("ip"));
        let ip = |s: &str| Some(s.parse::<std::net::IpAddr>().expect("ip"));
        // Without trusted proxies the header is anyone's to write, so it is ignored.
        assert_eq!(
            client_address(peer("203.0.113.9"), &headers("1.2.3.4"), &none),
            ip("203.0.113.9")
        );
        // Behind the balancer: the nearest untrusted address, not the spoofable leftmost one.
        assert_eq!(
            client_address(
                peer("10.1.2.3"),
                &headers("6.6.6.6, 198.51.100.7, 10.0.0.5"),
                &lb
            ),
            ip("198.51.100.7")
        );
        assert_eq!(
            client_address(peer("::ffff:10.1.2.3"), &headers("198.51.100.7"), &lb),
            ip("198.51.100.7")
        );
        // A peer that is not the balancer is the client, whatever it claims.
        assert_eq!(
            client_address(peer("198.51.100.8"), &headers("10.0.0.1"), &lb),
            ip("198.51.100.8")
        );
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").is_err());
        assert!(lb.contains("10.255.0.1".parse().expect("ip")));
        assert!(!lb.contains("11.0.0.1".parse().expect("ip")));
    }
}
