//! Real translations for the demo: series, stakeholder groups, every forum title, and the
//! regional forum's description in all six languages.

/// (locale, series title, series description)
pub const SERIES: [(&str, &str, &str); 5] = [
    ("sq", "Nxitja e bashkëpunimit rajonal dhe politikave të përgjegjshme në kohë krize",
     "Një nismë rajonale e udhëhequr nga Partnerët Shqipëri për Ndryshim dhe Zhvillim, së bashku me Iniciativat Qytetare (Serbi), Fondacionin Kosovar për Shoqëri Civile, MCIC (Maqedonia e Veriut), CRNVO (Mali i Zi) dhe Qendrën për Iniciativa Qytetare (Bosnjë dhe Hercegovinë). Ajo vlerëson ndikimin social dhe ekonomik të krizës së Covid-19 në rajon, ndan praktikat e mira dhe i kthen ato në rekomandime për politikat."),
    ("sr", "Podsticanje regionalne saradnje i odgovornih politika u vremenu krize",
     "Regionalna inicijativa koju vode Partneri Albanija za promene i razvoj, zajedno sa Građanskim inicijativama (Srbija), Kosovskom fondacijom za civilno društvo, MCMS (Severna Makedonija), CRNVO (Crna Gora) i Centrom za građanske inicijative (Bosna i Hercegovina). Procenjuje društvene i ekonomske posledice krize kovida 19 u regionu, razmenjuje dobru praksu i pretače je u preporuke za javne politike."),
    ("mk", "Поттикнување регионална соработка и одговорни политики во време на криза",
     "Регионална иницијатива предводена од Партнери Албанија за промени и развој, заедно со Граѓански иницијативи (Србија), Косоварската фондација за граѓанско општество, МЦМС (Северна Македонија), ЦРНВО (Црна Гора) и Центарот за граѓански иницијативи (Босна и Херцеговина). Ги проценува социјалните и економските последици од кризата со ковид-19 во регионот, споделува добри практики и ги претвора во препораки за политики."),
    ("bs", "Poticanje regionalne saradnje i odgovornih politika u vremenu krize",
     "Regionalna inicijativa koju vode Partneri Albanija za promjene i razvoj, zajedno s Građanskim inicijativama (Srbija), Kosovskom fondacijom za civilno društvo, MCMS (Sjeverna Makedonija), CRNVO (Crna Gora) i Centrom civilnih inicijativa (Bosna i Hercegovina). Procjenjuje društvene i ekonomske posljedice krize uzrokovane covidom-19 u regiji, razmjenjuje dobru praksu i pretače je u preporuke za javne politike."),
    ("cnr", "Podsticanje regionalne saradnje i odgovornih politika u vremenu krize",
     "Regionalna inicijativa koju vode Partneri Albanija za promjene i razvoj, zajedno sa Građanskim inicijativama (Srbija), Kosovskom fondacijom za civilno društvo, MCMS (Sjeverna Makedonija), CRNVO (Crna Gora) i Centrom za građanske inicijative (Bosna i Hercegovina). Procjenjuje društvene i ekonomske posljedice krize izazvane kovidom 19 u regionu, razmjenjuje dobru praksu i pretače je u preporuke za javne politike."),
];

/// (group key, [(locale, name)])
pub const GROUPS: [(&str, [(&str, &str); 5]); 7] = [
    (
        "csos",
        [
            ("sq", "Organizatat e shoqërisë civile"),
            ("sr", "Organizacije civilnog društva"),
            ("mk", "Граѓански организации"),
            ("bs", "Organizacije civilnog društva"),
            ("cnr", "Organizacije civilnog društva"),
        ],
    ),
    (
        "academia",
        [
            ("sq", "Akademia"),
            ("sr", "Akademska zajednica"),
            ("mk", "Академска заедница"),
            ("bs", "Akademska zajednica"),
            ("cnr", "Akademska zajednica"),
        ],
    ),
    (
        "private",
        [
            ("sq", "Sektori privat"),
            ("sr", "Privatni sektor"),
            ("mk", "Приватен сектор"),
            ("bs", "Privatni sektor"),
            ("cnr", "Privatni sektor"),
        ],
    ),
    (
        "youth",
        [
            ("sq", "Të rinjtë"),
            ("sr", "Mladi"),
            ("mk", "Млади"),
            ("bs", "Mladi"),
            ("cnr", "Mladi"),
        ],
    ),
    (
        "marginalised",
        [
            ("sq", "Grupet e margjinalizuara"),
            ("sr", "Marginalizovane grupe"),
            ("mk", "Маргинализирани групи"),
            ("bs", "Marginalizirane grupe"),
            ("cnr", "Marginalizovane grupe"),
        ],
    ),
    (
        "media",
        [
            ("sq", "Media"),
            ("sr", "Mediji"),
            ("mk", "Медиуми"),
            ("bs", "Mediji"),
            ("cnr", "Mediji"),
        ],
    ),
    (
        "state",
        [
            ("sq", "Institucionet shtetërore"),
            ("sr", "Državne institucije"),
            ("mk", "Државни институции"),
            ("bs", "Državne institucije"),
            ("cnr", "Državne institucije"),
        ],
    ),
];

/// Country names used in national forum titles, per locale: (country code, [(locale, name)]).
pub const COUNTRY_NAMES: [(&str, [(&str, &str); 6]); 6] = [
    (
        "AL",
        [
            ("en", "Albania"),
            ("sq", "Shqipëri"),
            ("sr", "Albanija"),
            ("mk", "Албанија"),
            ("bs", "Albanija"),
            ("cnr", "Albanija"),
        ],
    ),
    (
        "RS",
        [
            ("en", "Serbia"),
            ("sq", "Serbi"),
            ("sr", "Srbija"),
            ("mk", "Србија"),
            ("bs", "Srbija"),
            ("cnr", "Srbija"),
        ],
    ),
    (
        "XK",
        [
            ("en", "Kosovo"),
            ("sq", "Kosovë"),
            ("sr", "Kosovo"),
            ("mk", "Косово"),
            ("bs", "Kosovo"),
            ("cnr", "Kosovo"),
        ],
    ),
    (
        "MK",
        [
            ("en", "North Macedonia"),
            ("sq", "Maqedonia e Veriut"),
            ("sr", "Severna Makedonija"),
            ("mk", "Северна Македонија"),
            ("bs", "Sjeverna Makedonija"),
            ("cnr", "Sjeverna Makedonija"),
        ],
    ),
    (
        "ME",
        [
            ("en", "Montenegro"),
            ("sq", "Mali i Zi"),
            ("sr", "Crna Gora"),
            ("mk", "Црна Гора"),
            ("bs", "Crna Gora"),
            ("cnr", "Crna Gora"),
        ],
    ),
    (
        "BA",
        [
            ("en", "Bosnia and Herzegovina"),
            ("sq", "Bosnjë dhe Hercegovinë"),
            ("sr", "Bosna i Hercegovina"),
            ("mk", "Босна и Херцеговина"),
            ("bs", "Bosna i Hercegovina"),
            ("cnr", "Bosna i Hercegovina"),
        ],
    ),
];

/// "National Forum {country}" per locale.
pub fn national_title(locale: &str, country: &str) -> String {
    match locale {
        "sq" => format!("Forumi Kombëtar – {country}"),
        "mk" => format!("Национален форум – {country}"),
        "sr" | "bs" | "cnr" => format!("Nacionalni forum – {country}"),
        _ => format!("National Forum {country}"),
    }
}

/// The Tirana forum is run in Albanian: its base texts are Albanian, and only its title has
/// an English translation (so English readers see the description marked as Albanian).
pub const TIRANA_DESCRIPTION_SQ: &str = "Forumi në Tiranë bashkon organizatat e shoqërisë civile, akademinë, sektorin privat, të rinjtë dhe grupet e margjinalizuara, median dhe institucionet shtetërore për të diskutuar gjetjet e vlerësimit “Covid-19 dhe shoqëria civile” dhe për të rënë dakord për rekomandime e veprime.\n\nPjesëmarrja është falas. Vendet ndahen në mënyrë të balancuar mes grupeve të palëve të interesuara; sigurohet përkthim.";

/// (locale, title, description) of the regional forum.
pub const REGIONAL: [(&str, &str, &str); 5] = [
    ("sq", "Forumi Rajonal: Politika të përgjegjshme në kohë krize",
     "Forumi rajonal mbledh në Tiranë pjesëmarrës nga gjashtë forumet kombëtare për të krahasuar gjetjet dhe për të miratuar një grup të përbashkët rekomandimesh për politikat.\n\nDy ditë me seanca plenare, panele paralele dhe punëtori; përkthim në shqip, serbisht, maqedonisht dhe anglisht."),
    ("sr", "Regionalni forum: Odgovorne politike u vremenu krize",
     "Regionalni forum okuplja u Tirani učesnike šest nacionalnih foruma kako bi uporedili nalaze i usvojili zajednički skup preporuka za javne politike.\n\nDva dana plenarnih sednica, paralelnih panela i radionica; prevod na albanski, srpski, makedonski i engleski."),
    ("mk", "Регионален форум: Одговорни политики во време на криза",
     "Регионалниот форум ги собира во Тирана учесниците од шесте национални форуми за да ги споредат наодите и да усвојат заеднички пакет препораки за политики.\n\nДва дена пленарни сесии, паралелни панели и работилници; толкување на албански, српски, македонски и англиски."),
    ("bs", "Regionalni forum: Odgovorne politike u vremenu krize",
     "Regionalni forum okuplja u Tirani učesnike šest nacionalnih foruma kako bi uporedili nalaze i usvojili zajednički skup preporuka za javne politike.\n\nDva dana plenarnih sesija, paralelnih panela i radionica; prevođenje na albanski, srpski, makedonski i engleski."),
    ("cnr", "Regionalni forum: Odgovorne politike u vremenu krize",
     "Regionalni forum okuplja u Tirani učesnike šest nacionalnih foruma kako bi uporedili nalaze i usvojili zajednički skup preporuka za javne politike.\n\nDva dana plenarnih sjednica, paralelnih panela i radionica; prevođenje na albanski, srpski, makedonski i engleski."),
];
