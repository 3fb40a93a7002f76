//! Real translations of the demo's regional forum content (sessions, rooms, tracks, people's
//! titles and biographies, announcements) into five languages; Serbian Cyrillic follows from the
//! Serbian Latin text by transliteration.

/// (English text exactly as in the demo source, [(locale, translation); 5]) in the order
/// sq, sr, mk, bs, cnr.
#[rustfmt::skip]
pub const TEXTS: &[(&str, [(&str, &str); 5])] = &[
    // Rooms: names and accessibility notes.
    (
        "Plenary hall",
        [
            ("sq", "Salla plenare"),
            ("sr", "Plenarna sala"),
            ("mk", "Пленарна сала"),
            ("bs", "Plenarna sala"),
            ("cnr", "Plenarna sala"),
        ],
    ),
    (
        "Step-free entrance, induction loop, reserved seats at the front",
        [
            ("sq", "Hyrje pa shkallë, lak induksioni, vende të rezervuara në rreshtat e parë"),
            ("sr", "Ulaz bez stepenica, indukciona petlja, rezervisana mesta u prvim redovima"),
            ("mk", "Влез без скали, индукциска јамка, резервирани места во првите редови"),
            ("bs", "Ulaz bez stepenica, indukcijska petlja, rezervisana mjesta u prvim redovima"),
            ("cnr", "Ulaz bez stepenica, indukciona petlja, rezervisana mjesta u prvim redovima"),
        ],
    ),
    (
        "Room Drina",
        [
            ("sq", "Salla Drina"),
            ("sr", "Sala Drina"),
            ("mk", "Сала Дрина"),
            ("bs", "Sala Drina"),
            ("cnr", "Sala Drina"),
        ],
    ),
    (
        "Step-free access by the lift next to reception",
        [
            ("sq", "Akses pa shkallë me ashensorin pranë recepsionit"),
            ("sr", "Pristup bez stepenica liftom pored recepcije"),
            ("mk", "Пристап без скали со лифтот до рецепцијата"),
            ("bs", "Pristup bez stepenica liftom pored recepcije"),
            ("cnr", "Pristup bez stepenica liftom pored recepcije"),
        ],
    ),
    (
        "Room Ohrid",
        [
            ("sq", "Salla Ohri"),
            ("sr", "Sala Ohrid"),
            ("mk", "Сала Охрид"),
            ("bs", "Sala Ohrid"),
            ("cnr", "Sala Ohrid"),
        ],
    ),
    (
        "Ground floor, step-free; quiet room next door",
        [
            ("sq", "Kati përdhes, pa shkallë; ngjitur ka një dhomë të qetë"),
            ("sr", "Prizemlje, bez stepenica; odmah pored je tiha soba"),
            ("mk", "Приземје, без скали; веднаш до салата има тивка соба"),
            ("bs", "Prizemlje, bez stepenica; odmah pored je tiha soba"),
            ("cnr", "Prizemlje, bez stepenica; odmah pored je tiha soba"),
        ],
    ),
    // Tracks.
    (
        "Social impact",
        [
            ("sq", "Ndikimi social"),
            ("sr", "Društveni uticaj"),
            ("mk", "Социјално влијание"),
            ("bs", "Društveni utjecaj"),
            ("cnr", "Društveni uticaj"),
        ],
    ),
    (
        "Economy and work",
        [
            ("sq", "Ekonomia dhe puna"),
            ("sr", "Ekonomija i rad"),
            ("mk", "Економија и работа"),
            ("bs", "Ekonomija i rad"),
            ("cnr", "Ekonomija i rad"),
        ],
    ),
    (
        "Governance and rights",
        [
            ("sq", "Qeverisja dhe të drejtat"),
            ("sr", "Upravljanje i prava"),
            ("mk", "Управување и права"),
            ("bs", "Upravljanje i prava"),
            ("cnr", "Upravljanje i prava"),
        ],
    ),
    // People: titles (in the grammatical gender of the demo person who holds them) and bios.
    (
        "Executive Director",
        [
            ("sq", "Drejtore ekzekutive"),
            ("sr", "Izvršna direktorka"),
            ("mk", "Извршна директорка"),
            ("bs", "Izvršna direktorica"),
            ("cnr", "Izvršna direktorka"),
        ],
    ),
    (
        "Leads the regional assessment of Covid-19's effects on civil society.",
        [
            ("sq", "Drejton vlerësimin rajonal të efekteve të Covid-19 në shoqërinë civile."),
            ("sr", "Vodi regionalnu procenu uticaja kovida 19 na civilno društvo."),
            ("mk", "Ја води регионалната проценка на ефектите од ковид-19 врз граѓанското општество."),
            ("bs", "Vodi regionalnu procjenu utjecaja covida-19 na civilno društvo."),
            ("cnr", "Vodi regionalnu procjenu uticaja kovida 19 na civilno društvo."),
        ],
    ),
    (
        "Programme Director",
        [
            ("sq", "Drejtor programi"),
            ("sr", "Programski direktor"),
            ("mk", "Програмски директор"),
            ("bs", "Programski direktor"),
            ("cnr", "Programski direktor"),
        ],
    ),
    (
        "Works on civic space and public participation in Serbia.",
        [
            ("sq", "Punon për hapësirën qytetare dhe pjesëmarrjen publike në Serbi."),
            ("sr", "Bavi se građanskim prostorom i učešćem javnosti u Srbiji."),
            ("mk", "Работи на прашањата за граѓанскиот простор и учеството на јавноста во Србија."),
            ("bs", "Bavi se građanskim prostorom i učešćem javnosti u Srbiji."),
            ("cnr", "Bavi se građanskim prostorom i učešćem javnosti u Srbiji."),
        ],
    ),
    (
        "Researcher",
        [
            ("sq", "Studiuese"),
            ("sr", "Istraživačica"),
            ("mk", "Истражувачка"),
            ("bs", "Istraživačica"),
            ("cnr", "Istraživačica"),
        ],
    ),
    (
        "Studies social protection during crises.",
        [
            ("sq", "Studion mbrojtjen sociale gjatë krizave."),
            ("sr", "Proučava socijalnu zaštitu tokom kriza."),
            ("mk", "Ја истражува социјалната заштита за време на кризи."),
            ("bs", "Proučava socijalnu zaštitu tokom kriza."),
            ("cnr", "Proučava socijalnu zaštitu tokom kriza."),
        ],
    ),
    (
        "Director",
        [
            ("sq", "Drejtor"),
            ("sr", "Direktor"),
            ("mk", "Директор"),
            ("bs", "Direktor"),
            ("cnr", "Direktor"),
        ],
    ),
    (
        "Supports grassroots organisations across Kosovo.",
        [
            ("sq", "Mbështet organizatat e bazës në të gjithë Kosovën."),
            ("sr", "Podržava lokalne organizacije civilnog društva širom Kosova."),
            ("mk", "Поддржува граѓански организации од локално ниво низ цело Косово."),
            ("bs", "Podržava lokalne organizacije civilnog društva širom Kosova."),
            ("cnr", "Podržava lokalne organizacije civilnog društva širom Kosova."),
        ],
    ),
    (
        "Policy Analyst",
        [
            ("sq", "Analiste e politikave"),
            ("sr", "Analitičarka javnih politika"),
            ("mk", "Аналитичарка за јавни политики"),
            ("bs", "Analitičarka javnih politika"),
            ("cnr", "Analitičarka javnih politika"),
        ],
    ),
    (
        "Follows public finance and the social dialogue in Montenegro.",
        [
            ("sq", "Ndjek financat publike dhe dialogun social në Mal të Zi."),
            ("sr", "Prati javne finansije i socijalni dijalog u Crnoj Gori."),
            ("mk", "Ги следи јавните финансии и социјалниот дијалог во Црна Гора."),
            ("bs", "Prati javne finansije i socijalni dijalog u Crnoj Gori."),
            ("cnr", "Prati javne finansije i socijalni dijalog u Crnoj Gori."),
        ],
    ),
    (
        "Head of Research",
        [
            ("sq", "Drejtues i kërkimeve"),
            ("sr", "Rukovodilac istraživanja"),
            ("mk", "Раководител на истражувањето"),
            ("bs", "Voditelj istraživanja"),
            ("cnr", "Rukovodilac istraživanja"),
        ],
    ),
    (
        "Monitors how governments kept their Covid-19 promises.",
        [
            ("sq", "Monitoron se si i mbajtën qeveritë premtimet e tyre për Covid-19."),
            ("sr", "Prati kako su vlade ispunile obećanja u vezi sa kovidom 19."),
            ("mk", "Следи како владите ги исполнија ветувањата поврзани со ковид-19."),
            ("bs", "Prati kako su vlade ispunile obećanja u vezi s covidom-19."),
            ("cnr", "Prati kako su vlade ispunile obećanja u vezi sa kovidom 19."),
        ],
    ),
    (
        "Founder",
        [
            ("sq", "Themeluese"),
            ("sr", "Osnivačica"),
            ("mk", "Основачка"),
            ("bs", "Osnivačica"),
            ("cnr", "Osnivačica"),
        ],
    ),
    (
        "Organises young people around employment and digital rights.",
        [
            ("sq", "Organizon të rinjtë rreth punësimit dhe të drejtave digjitale."),
            ("sr", "Okuplja mlade oko pitanja zapošljavanja i digitalnih prava."),
            ("mk", "Ги организира младите околу вработувањето и дигиталните права."),
            ("bs", "Okuplja mlade oko pitanja zapošljavanja i digitalnih prava."),
            ("cnr", "Okuplja mlade oko pitanja zapošljavanja i digitalnih prava."),
        ],
    ),
    (
        "Economist",
        [
            ("sq", "Ekonomist"),
            ("sr", "Ekonomista"),
            ("mk", "Економист"),
            ("bs", "Ekonomista"),
            ("cnr", "Ekonomista"),
        ],
    ),
    (
        "Advises small businesses on recovery programmes.",
        [
            ("sq", "Këshillon bizneset e vogla për programet e rimëkëmbjes."),
            ("sr", "Savetuje mala preduzeća o programima oporavka."),
            ("mk", "Ги советува малите бизниси за програмите за закрепнување."),
            ("bs", "Savjetuje mala preduzeća o programima oporavka."),
            ("cnr", "Savjetuje mala preduzeća o programima oporavka."),
        ],
    ),
    (
        "Journalist",
        [
            ("sq", "Gazetare"),
            ("sr", "Novinarka"),
            ("mk", "Новинарка"),
            ("bs", "Novinarka"),
            ("cnr", "Novinarka"),
        ],
    ),
    (
        "Reports on public procurement during the pandemic.",
        [
            ("sq", "Raporton për prokurimet publike gjatë pandemisë."),
            ("sr", "Izveštava o javnim nabavkama tokom pandemije."),
            ("mk", "Известува за јавните набавки за време на пандемијата."),
            ("bs", "Izvještava o javnim nabavkama tokom pandemije."),
            ("cnr", "Izvještava o javnim nabavkama tokom pandemije."),
        ],
    ),
    (
        "State Secretary",
        [
            ("sq", "Sekretare shtetërore"),
            ("sr", "Državna sekretarka"),
            ("mk", "Државна секретарка"),
            ("bs", "Državna sekretarica"),
            ("cnr", "Državna sekretarka"),
        ],
    ),
    (
        "Responsible for social protection reform.",
        [
            ("sq", "Përgjegjëse për reformën e mbrojtjes sociale."),
            ("sr", "Zadužena za reformu socijalne zaštite."),
            ("mk", "Одговорна за реформата на социјалната заштита."),
            ("bs", "Zadužena za reformu socijalne zaštite."),
            ("cnr", "Zadužena za reformu socijalne zaštite."),
        ],
    ),
    // Programme: session titles.
    (
        "Registration and coffee",
        [
            ("sq", "Regjistrimi i pjesëmarrësve dhe kafeja"),
            ("sr", "Prijava učesnika i kafa"),
            ("mk", "Пријавување на учесниците и кафе"),
            ("bs", "Prijava učesnika i kafa"),
            ("cnr", "Prijava učesnika i kafa"),
        ],
    ),
    (
        "Opening: what the Covid-19 crisis taught the region",
        [
            ("sq", "Hapja: çfarë i mësoi rajonit kriza e Covid-19"),
            ("sr", "Otvaranje: čemu je region naučila kriza kovida 19"),
            ("mk", "Отворање: што научи регионот од кризата со ковид-19"),
            ("bs", "Otvaranje: čemu je regiju naučila kriza uzrokovana covidom-19"),
            ("cnr", "Otvaranje: čemu je region naučila kriza izazvana kovidom 19"),
        ],
    ),
    (
        "Panel: social protection for vulnerable groups",
        [
            ("sq", "Panel: mbrojtja sociale për grupet e cenueshme"),
            ("sr", "Panel: socijalna zaštita ranjivih grupa"),
            ("mk", "Панел: социјална заштита за ранливите групи"),
            ("bs", "Panel: socijalna zaštita ranjivih grupa"),
            ("cnr", "Panel: socijalna zaštita ranjivih grupa"),
        ],
    ),
    (
        "Panel: small businesses and workers after the lockdowns",
        [
            ("sq", "Panel: bizneset e vogla dhe punëtorët pas masave të mbylljes"),
            ("sr", "Panel: mala preduzeća i radnici posle mera zatvaranja"),
            ("mk", "Панел: малите бизниси и работниците по мерките за затворање"),
            ("bs", "Panel: mala preduzeća i radnici nakon mjera zatvaranja"),
            ("cnr", "Panel: mala preduzeća i radnici nakon mjera zatvaranja"),
        ],
    ),
    (
        "Panel: transparency of emergency spending",
        [
            ("sq", "Panel: transparenca e shpenzimeve në kohë emergjence"),
            ("sr", "Panel: transparentnost javne potrošnje u vanrednom stanju"),
            ("mk", "Панел: транспарентност на трошењето во вонредна состојба"),
            ("bs", "Panel: transparentnost javne potrošnje u vanrednom stanju"),
            ("cnr", "Panel: transparentnost javne potrošnje u vanrednom stanju"),
        ],
    ),
    (
        "Lunch",
        [
            ("sq", "Dreka"),
            ("sr", "Ručak"),
            ("mk", "Ручек"),
            ("bs", "Ručak"),
            ("cnr", "Ručak"),
        ],
    ),
    (
        "Workshop: youth employment and skills",
        [
            ("sq", "Punëtori: punësimi dhe aftësitë e të rinjve"),
            ("sr", "Radionica: zapošljavanje i veštine mladih"),
            ("mk", "Работилница: вработување и вештини на младите"),
            ("bs", "Radionica: zapošljavanje i vještine mladih"),
            ("cnr", "Radionica: zapošljavanje i vještine mladih"),
        ],
    ),
    (
        "Workshop: keeping civic space open in emergencies",
        [
            ("sq", "Punëtori: si ta mbajmë të hapur hapësirën qytetare në situata emergjente"),
            ("sr", "Radionica: očuvanje otvorenog građanskog prostora u vanrednim situacijama"),
            ("mk", "Работилница: како граѓанскиот простор да остане отворен во вонредни состојби"),
            ("bs", "Radionica: očuvanje otvorenog građanskog prostora u vanrednim situacijama"),
            ("cnr", "Radionica: očuvanje otvorenog građanskog prostora u vanrednim situacijama"),
        ],
    ),
    (
        "Plenary: reports from the panels",
        [
            ("sq", "Seancë plenare: raportet nga panelet"),
            ("sr", "Plenarna sednica: izveštaji sa panela"),
            ("mk", "Пленарна сесија: извештаи од панелите"),
            ("bs", "Plenarna sesija: izvještaji s panela"),
            ("cnr", "Plenarna sjednica: izvještaji sa panela"),
        ],
    ),
    (
        "Panel: health and care workers",
        [
            ("sq", "Panel: punonjësit e shëndetësisë dhe të kujdesit"),
            ("sr", "Panel: zdravstveni radnici i negovatelji"),
            ("mk", "Панел: здравствени работници и негуватели"),
            ("bs", "Panel: zdravstveni radnici i njegovatelji"),
            ("cnr", "Panel: zdravstveni radnici i njegovatelji"),
        ],
    ),
    (
        "Panel: the informal economy",
        [
            ("sq", "Panel: ekonomia joformale"),
            ("sr", "Panel: neformalna ekonomija"),
            ("mk", "Панел: неформалната економија"),
            ("bs", "Panel: neformalna ekonomija"),
            ("cnr", "Panel: neformalna ekonomija"),
        ],
    ),
    (
        "Panel: media freedom during the pandemic",
        [
            ("sq", "Panel: liria e medias gjatë pandemisë"),
            ("sr", "Panel: sloboda medija tokom pandemije"),
            ("mk", "Панел: слободата на медиумите за време на пандемијата"),
            ("bs", "Panel: sloboda medija tokom pandemije"),
            ("cnr", "Panel: sloboda medija tokom pandemije"),
        ],
    ),
    (
        "Coffee break",
        [
            ("sq", "Pushim për kafe"),
            ("sr", "Pauza za kafu"),
            ("mk", "Пауза за кафе"),
            ("bs", "Pauza za kafu"),
            ("cnr", "Pauza za kafu"),
        ],
    ),
    (
        "Workshop: drafting the social recommendations",
        [
            ("sq", "Punëtori: hartimi i rekomandimeve për politikat sociale"),
            ("sr", "Radionica: izrada preporuka za socijalne politike"),
            ("mk", "Работилница: изготвување на препораките за социјалните политики"),
            ("bs", "Radionica: izrada preporuka za socijalne politike"),
            ("cnr", "Radionica: izrada preporuka za socijalne politike"),
        ],
    ),
    (
        "Workshop: drafting the governance recommendations",
        [
            ("sq", "Punëtori: hartimi i rekomandimeve për qeverisjen"),
            ("sr", "Radionica: izrada preporuka u oblasti upravljanja"),
            ("mk", "Работилница: изготвување на препораките за управувањето"),
            ("bs", "Radionica: izrada preporuka u oblasti upravljanja"),
            ("cnr", "Radionica: izrada preporuka u oblasti upravljanja"),
        ],
    ),
    (
        "Closing plenary: adopting the regional recommendations",
        [
            ("sq", "Seanca plenare përmbyllëse: miratimi i rekomandimeve rajonale"),
            ("sr", "Završna plenarna sednica: usvajanje regionalnih preporuka"),
            ("mk", "Завршна пленарна сесија: усвојување на регионалните препораки"),
            ("bs", "Završna plenarna sesija: usvajanje regionalnih preporuka"),
            ("cnr", "Završna plenarna sjednica: usvajanje regionalnih preporuka"),
        ],
    ),
    // Announcements written in English: titles and Markdown bodies.
    (
        "Registration for the Regional Forum is open",
        [
            ("sq", "Regjistrimi për Forumin Rajonal është i hapur"),
            ("sr", "Otvorene su prijave za Regionalni forum"),
            ("mk", "Отворени се пријавите за Регионалниот форум"),
            ("bs", "Otvorene su prijave za Regionalni forum"),
            ("cnr", "Otvorene su prijave za Regionalni forum"),
        ],
    ),
    (
        "The **Regional Forum** brings the six national forums together in Tirana. Seats are balanced across the seven stakeholder groups, so please register early.\n\n- Interpretation into Albanian, Serbian and Macedonian in plenary sessions\n- Step-free venue; tell us about any access needs when you register",
        [
            ("sq", "**Forumi Rajonal** bashkon në Tiranë gjashtë forumet kombëtare. Vendet ndahen në mënyrë të balancuar mes shtatë grupeve të palëve të interesuara, prandaj ju lutemi të regjistroheni herët.\n\n- Përkthim gojor në shqip, serbisht dhe maqedonisht në seancat plenare\n- Ambient pa shkallë; na tregoni për çdo nevojë për aksesueshmëri kur të regjistroheni"),
            ("sr", "**Regionalni forum** okuplja u Tirani šest nacionalnih foruma. Mesta su ravnomerno raspoređena među sedam grupa zainteresovanih strana, zato vas molimo da se prijavite što ranije.\n\n- Prevođenje na albanski, srpski i makedonski na plenarnim sednicama\n- Prostor bez stepenica; prilikom prijave javite nam ako imate bilo kakve potrebe u vezi sa pristupačnošću"),
            ("mk", "**Регионалниот форум** ги собира во Тирана шесте национални форуми. Местата се рамномерно распределени меѓу седумте групи на засегнати страни, па ве молиме пријавете се навреме.\n\n- Толкување на албански, српски и македонски на пленарните сесии\n- Просторот е без скали; при пријавувањето известете нѐ за какви било потреби за пристапност"),
            ("bs", "**Regionalni forum** okuplja u Tirani šest nacionalnih foruma. Mjesta su ravnomjerno raspoređena među sedam grupa zainteresiranih strana, zato vas molimo da se prijavite što ranije.\n\n- Prevođenje na albanski, srpski i makedonski na plenarnim sesijama\n- Prostor bez stepenica; prilikom prijave javite nam ako imate bilo kakve potrebe u vezi s pristupačnošću"),
            ("cnr", "**Regionalni forum** okuplja u Tirani šest nacionalnih foruma. Mjesta su ravnomjerno raspoređena među sedam grupa zainteresovanih strana, zato vas molimo da se prijavite što ranije.\n\n- Prevođenje na albanski, srpski i makedonski na plenarnim sjednicama\n- Prostor bez stepenica; prilikom prijave javite nam ako imate bilo kakve potrebe u vezi sa pristupačnošću"),
        ],
    ),
    (
        "Assessment “Covid-19 and Civil Society” published",
        [
            ("sq", "U publikua vlerësimi “Covid-19 dhe shoqëria civile”"),
            ("sr", "Objavljena je procena „Kovid 19 i civilno društvo“"),
            ("mk", "Објавена е проценката „Ковид-19 и граѓанското општество“"),
            ("bs", "Objavljena je procjena „Covid-19 i civilno društvo“"),
            ("cnr", "Objavljena je procjena „Kovid 19 i civilno društvo“"),
        ],
    ),
    (
        "The regional assessment of how the crisis affected civil-society organisations is now available in all six languages. It is the starting point for every national forum.\n\nRead it on the forum pages under *Documents*.",
        [
            ("sq", "Vlerësimi rajonal se si ndikoi kriza në organizatat e shoqërisë civile tani është i disponueshëm në të gjashtë gjuhët. Ai është pika e nisjes për çdo forum kombëtar.\n\nLexojeni në faqet e forumeve, te *Dokumentet*."),
            ("sr", "Regionalna procena o tome kako je kriza uticala na organizacije civilnog društva sada je dostupna na svih šest jezika. Ona je polazna tačka za svaki nacionalni forum.\n\nPročitajte je na stranicama foruma, u odeljku *Dokumenti*."),
            ("mk", "Регионалната проценка за тоа како кризата влијаеше врз граѓанските организации сега е достапна на сите шест јазици. Таа е појдовна точка за секој национален форум.\n\nПрочитајте ја на страниците на форумите, во делот *Документи*."),
            ("bs", "Regionalna procjena o tome kako je kriza utjecala na organizacije civilnog društva sada je dostupna na svih šest jezika. Ona je polazna tačka za svaki nacionalni forum.\n\nPročitajte je na stranicama foruma, u odjeljku *Dokumenti*."),
            ("cnr", "Regionalna procjena o tome kako je kriza uticala na organizacije civilnog društva sada je dostupna na svih šest jezika. Ona je polazna tačka za svaki nacionalni forum.\n\nPročitajte je na stranicama foruma, u odjeljku *Dokumenti*."),
        ],
    ),
    (
        "Programme of the National Forum Serbia published",
        [
            ("sq", "U publikua programi i Forumit Kombëtar – Serbi"),
            ("sr", "Objavljen je program Nacionalnog foruma – Srbija"),
            ("mk", "Објавена е програмата на Националниот форум – Србија"),
            ("bs", "Objavljen je program Nacionalnog foruma – Srbija"),
            ("cnr", "Objavljen je program Nacionalnog foruma – Srbija"),
        ],
    ),
    (
        "The programme is online: an opening plenary, a panel on the social and economic impact on vulnerable groups and a workshop that turns findings into recommendations.",
        [
            ("sq", "Programi është publikuar në internet: një seancë plenare hapëse, një panel për ndikimin social dhe ekonomik mbi grupet e cenueshme dhe një punëtori që i kthen gjetjet në rekomandime."),
            ("sr", "Program je objavljen na internetu: uvodna plenarna sednica, panel o društvenim i ekonomskim posledicama po ranjive grupe i radionica na kojoj se nalazi pretaču u preporuke."),
            ("mk", "Програмата е објавена на интернет: воведна пленарна сесија, панел за социјалните и економските последици врз ранливите групи и работилница на која наодите се претвораат во препораки."),
            ("bs", "Program je objavljen na internetu: uvodna plenarna sesija, panel o društvenim i ekonomskim posljedicama po ranjive grupe i radionica na kojoj se nalazi pretaču u preporuke."),
            ("cnr", "Program je objavljen na internetu: uvodna plenarna sjednica, panel o društvenim i ekonomskim posljedicama po ranjive grupe i radionica na kojoj se nalazi pretaču u preporuke."),
        ],
    ),
    (
        "Speakers of the Regional Forum announced",
        [
            ("sq", "U shpallën folësit e Forumit Rajonal"),
            ("sr", "Objavljena su imena govornika Regionalnog foruma"),
            ("mk", "Објавени се говорниците на Регионалниот форум"),
            ("bs", "Objavljena su imena govornika Regionalnog foruma"),
            ("cnr", "Objavljena su imena govornika Regionalnog foruma"),
        ],
    ),
    (
        "Representatives of all six partner organisations, researchers, young activists, journalists and ministries will speak across three rooms. See the **speakers** page.",
        [
            ("sq", "Në tri salla do të flasin përfaqësues të të gjashtë organizatave partnere, studiues, aktivistë të rinj, gazetarë dhe përfaqësues të ministrive. Shihni faqen **Folësit**."),
            ("sr", "U tri sale govoriće predstavnici svih šest partnerskih organizacija, istraživači, mladi aktivisti, novinari i predstavnici ministarstava. Pogledajte stranicu **Govornici**."),
            ("mk", "Во трите сали ќе говорат претставници на сите шест партнерски организации, истражувачи, млади активисти, новинари и претставници на министерствата. Погледнете ја страницата **Говорници**."),
            ("bs", "U tri sale govorit će predstavnici svih šest partnerskih organizacija, istraživači, mladi aktivisti, novinari i predstavnici ministarstava. Pogledajte stranicu **Govornici**."),
            ("cnr", "U tri sale govoriće predstavnici svih šest partnerskih organizacija, istraživači, mladi aktivisti, novinari i predstavnici ministarstava. Pogledajte stranicu **Govornici**."),
        ],
    ),
    (
        "Practical information for participants (draft)",
        [
            ("sq", "Informacion praktik për pjesëmarrësit (draft)"),
            ("sr", "Praktične informacije za učesnike (nacrt)"),
            ("mk", "Практични информации за учесниците (нацрт)"),
            ("bs", "Praktične informacije za učesnike (nacrt)"),
            ("cnr", "Praktične informacije za učesnike (nacrt)"),
        ],
    ),
    (
        "Hotel, travel reimbursement and interpretation details. *Not yet published.*",
        [
            ("sq", "Të dhëna për hotelin, rimbursimin e shpenzimeve të udhëtimit dhe përkthimin gojor. *Ende pa u publikuar.*"),
            ("sr", "Detalji o hotelu, refundaciji putnih troškova i prevođenju. *Još nije objavljeno.*"),
            ("mk", "Детали за хотелот, надоместокот на патните трошоци и толкувањето. *Сѐ уште не е објавено.*"),
            ("bs", "Detalji o hotelu, refundaciji putnih troškova i prevođenju. *Još nije objavljeno.*"),
            ("cnr", "Detalji o hotelu, refundaciji putnih troškova i prevođenju. *Još nije objavljeno.*"),
        ],
    ),
    (
        "Call for good practice examples",
        [
            ("sq", "Thirrje për shembuj të praktikave të mira"),
            ("sr", "Poziv za dostavljanje primera dobre prakse"),
            ("mk", "Повик за примери на добри практики"),
            ("bs", "Poziv za dostavljanje primjera dobre prakse"),
            ("cnr", "Poziv za dostavljanje primjera dobre prakse"),
        ],
    ),
    (
        "From next month we collect examples of good practice from the region for the final report.",
        [
            ("sq", "Nga muaji i ardhshëm do të mbledhim shembuj të praktikave të mira nga rajoni për raportin përfundimtar."),
            ("sr", "Od sledećeg meseca prikupljamo primere dobre prakse iz regiona za završni izveštaj."),
            ("mk", "Од следниот месец собираме примери на добри практики од регионот за завршниот извештај."),
            ("bs", "Od narednog mjeseca prikupljamo primjere dobre prakse iz regije za završni izvještaj."),
            ("cnr", "Od sljedećeg mjeseca prikupljamo primjere dobre prakse iz regiona za završni izvještaj."),
        ],
    ),
    // The regional forum's document.
    (
        "Assessment: Covid-19 and Civil Society (Regional Forum: Responsible Policies in Times of Crisis)",
        [
            ("sq", "Vlerësim: Covid-19 dhe shoqëria civile (Forumi Rajonal: Politika të përgjegjshme në kohë krize)"),
            ("sr", "Procena: Kovid 19 i civilno društvo (Regionalni forum: Odgovorne politike u vremenu krize)"),
            ("mk", "Проценка: Ковид-19 и граѓанското општество (Регионален форум: Одговорни политики во време на криза)"),
            ("bs", "Procjena: Covid-19 i civilno društvo (Regionalni forum: Odgovorne politike u vremenu krize)"),
            ("cnr", "Procjena: Kovid 19 i civilno društvo (Regionalni forum: Odgovorne politike u vremenu krize)"),
        ],
    ),
];

/// Gives the regional forum's programme and news, and the series-wide news, their translations:
/// every base text found in `TEXTS`.
pub async fn seed(store: &dyn app::store::Store) -> anyhow::Result<()> {
    use app::features::forums::translations::{fields_of, FORUM_KINDS};
    let Some(forum) = store.forum_by_slug("regional-forum").await? else {
        return Ok(());
    };
    let scopes = FORUM_KINDS
        .iter()
        .map(|kind| (*kind, Some(forum.summary.id)))
        .chain([("announcement", None)]);
    for (kind, scope) in scopes {
        for record in store.translatable(kind, scope).await? {
            let bases = [record.first.as_str(), record.second.as_str()];
            for (i, (locale, _)) in TEXTS[0].1.iter().enumerate() {
                let values: Vec<(String, String)> = fields_of(kind)
                    .iter()
                    .zip(bases)
                    .filter_map(|((field, _), base)| {
                        let (_, texts) = TEXTS.iter().find(|(en, _)| *en == base)?;
                        Some((field.to_string(), texts[i].1.to_string()))
                    })
                    .collect();
                if !values.is_empty() {
                    store
                        .set_translations(kind, record.id, locale, &values)
                        .await?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::TEXTS;
    use std::collections::HashSet;

    #[test]
    fn every_text_has_five_non_empty_translations_in_order_and_unique_keys() {
        let order = ["sq", "sr", "mk", "bs", "cnr"];
        let mut seen = HashSet::new();
        for (english, translations) in TEXTS {
            assert!(!english.trim().is_empty(), "empty English key");
            assert!(seen.insert(*english), "duplicate key: {english}");
            for ((locale, text), expected) in translations.iter().zip(order) {
                assert_eq!(*locale, expected, "locales out of order for {english:?}");
                assert!(
                    !text.trim().is_empty(),
                    "empty {locale} translation for {english:?}"
                );
            }
        }
    }
}
