//! Key rotation (`server rotate-key`): tickets, links and form stamps carry the id of the key
//! that made them; a new key signs from its start, the old one verifies until its end, a key
//! nobody added verifies nothing, and the door is given every key that verifies.

use crate::both_databases;
use crate::checkin::{confirmed, keys, qr_in_mail, scan, verdict};
use crate::registration::forum_and_groups;
use app::features::tickets::code::{key_id, TicketClaims, TicketKeys};
use serde_json::Value;

both_databases! {
    async fn a_ticket_issued_before_a_rotation_is_admitted_after_it_until_the_old_key_ends(app) {
        let (forum, _) = forum_and_groups(app, "belgrade").await;
        let entry = format!("{}:entry", forum.0);
        let scanner = app.scanner_at("belgrade").await;
        let claims = |registration| TicketClaims { forum: forum.0, registration, version: 1 };
        let (ana, _) = confirmed(app, "belgrade", "Ana Prije", "ana@example.org").await;
        let (besa, _) = confirmed(app, "belgrade", "Besa Para", "besa@example.org").await;
        let old = keys(app);
        assert_eq!(old.id(), 0, "before any rotation, key 0 signs");
        let (ana_code, besa_code) = (old.sign(claims(ana)), old.sign(claims(besa)));

        // What `server rotate-key` does: key 1 signs from now; key 0 verifies for 20 more seconds.
        let now = chrono::Utc::now();
        let end = now + chrono::Duration::seconds(20);
        let id = app.store.add_signing_key("rotation-test-salt", now - chrono::Duration::seconds(1), end)
            .await.expect("rotate");
        assert_eq!(id, 1);
        let root = server::config::load_or_create_secret_key(&app.data_dir).expect("key");
        let ring = app::state::Keyring::new(app::state::SecretKey::new(root));
        app::store::load_keyring(app.store.as_ref(), &ring).await.expect("ring");
        let new = app::features::tickets::ssr::keys(&ring.signing());
        assert_eq!(new.id(), 1);

        // The server has not read the ring since: a code of key 1 sends it there, and is admitted.
        let (cvet, _) = confirmed(app, "belgrade", "Cvet Posle", "cvet@example.org").await;
        let (_, v) = scan(&scanner, app, &new.sign(claims(cvet)), &entry, "rot-1").await;
        assert_eq!(verdict(&v), "admitted", "{v}");
        // A ticket issued before the rotation is admitted after it.
        let (_, v) = scan(&scanner, app, &ana_code, &entry, "rot-2").await;
        assert_eq!(verdict(&v), "admitted", "{v}");
        // From now on the server signs with key 1: the emailed ticket names it and is admitted.
        let (dora, _) = confirmed(app, "belgrade", "Dora Nova", "dora@example.org").await;
        let mail = app.wait_for_mail("To: dora@example.org").await;
        let emailed = qr_in_mail(&mail);
        assert_eq!(key_id(&emailed), Ok(1), "{emailed}");
        assert_eq!(new.verify(&emailed).map(|c| c.registration), Ok(dora));
        assert_eq!(verdict(&scan(&scanner, app, &emailed, &entry, "rot-3").await.1), "admitted");
        // A form served now carries a stamp of key 1, and a registration through it is stored.
        let page = app.new_client().get(app.url("/forums/belgrade/register")).send().await.expect("GET")
            .text().await.expect("page");
        let stamp = page.split("name=\"form[issued]\" value=\"").nth(1).and_then(|r| r.split('"').next())
            .expect("the form's stamp");
        assert!(stamp.ends_with(".1"), "{stamp}");

        // The door's roster and the public-key endpoint list both keys.
        let key: Value = app.new_client().get(app.url("/api/v1/checkin/public-key")).send().await
            .expect("GET").json().await.expect("json");
        let listed: Vec<&String> = key["public_keys"].as_object().expect("keys").keys().collect();
        assert_eq!(listed, ["0", "1"]);
        let roster: Value = scanner.get(app.url(&format!("/api/v1/checkin/roster?list_id={entry}")))
            .send().await.expect("GET").json().await.expect("json");
        assert_eq!(roster["public_keys"], key["public_keys"]);
        assert_eq!(roster["public_key"], key["public_keys"]["1"], "the signing key");

        // A key nobody added verifies nothing, whatever id it claims.
        for (seed, id) in [([3u8; 32], 9), ([3u8; 32], 1), ([3u8; 32], 0)] {
            let forged = TicketKeys::with_id(seed, id).sign(claims(besa));
            let (_, v) = scan(&scanner, app, &forged, &entry, &format!("rot-forged-{id}")).await;
            assert_eq!((verdict(&v), &v["name"]), ("invalid", &Value::Null), "key {id}");
        }

        // Past the old key's end, what it signed is no longer accepted.
        let wait = (end - chrono::Utc::now()).num_milliseconds().max(0) as u64 + 500;
        tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
        let (_, v) = scan(&scanner, app, &besa_code, &entry, "rot-4").await;
        assert_eq!(verdict(&v), "invalid", "{v}");
        let key: Value = app.new_client().get(app.url("/api/v1/checkin/public-key")).send().await
            .expect("GET").json().await.expect("json");
        let listed: Vec<&String> = key["public_keys"].as_object().expect("keys").keys().collect();
        assert_eq!(listed, ["1"], "the door is no longer given key 0");
    }
}
