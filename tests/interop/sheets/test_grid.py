"""Workshop sheets as people really have them: stage-across grids, consulting templates,
other languages, sticky-note exports; and the one-sentence refusal when none fits."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from journeymap.interop.common import InteropError
from journeymap.interop.sheets import read_csv, read_xlsx
from journeymap.interop.sheets.mapping import Mapping

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _titles(doc: object) -> list[str]:
    return [tp.title for tp in doc.touchpoints()]  # type: ignore[attr-defined]


def test_grid_csv_with_multi_line_cells_and_emoji() -> None:
    result = read_csv(FIXTURES / "grid-pm.csv")
    doc = result.doc
    assert result.layout == "grid"
    assert doc.title == "Customer journey: opening an account"
    assert [(s.name, s.phase) for s in doc.stages] == [
        ("Discover", "before"), ("Sign up", "during"), ("Use", "after")]
    assert _titles(doc) == ["Sees an ad", "Reads reviews", "Fills in the form",
                            "Pays the first bill"]
    ad, reviews, form, bill = doc.touchpoints()
    # two actions and two channels in one cell go line by line; the emoji is the column's
    assert (ad.channel, reviews.channel, form.channel, bill.channel) == (
        "social_media", "reviews", "website", "mobile_app")
    assert (ad.emotion, reviews.emotion, form.emotion, bill.emotion) == (2, 2, 0, -2)
    assert form.pain_points == ["Too many fields", "No save button"]
    assert form.opportunities == ["Shorter form"]
    assert bill.pain_points == ["Hidden fees"]
    assert (ad.thoughts, form.thoughts) == ("Looks easy", "Why so many fields?")
    assert (ad.owner, reviews.owner, bill.owner) == ("Marketing", "Marketing", "Billing")
    assert ad.metrics == {"ctr": 0.02} and bill.metrics == {"nps": -10}
    assert form.description == "KPIs: Conversion rate"  # not name=number: kept as text
    assert [(link.source, link.target) for link in doc.links()] == [
        (ad.id, reviews.id), (reviews.id, form.id), (form.id, bill.id)]
    assert ("Touchpoints", "channel") in result.columns
    assert ("Customer actions", "title") in result.columns


def _merged_grid(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Journey"
    sheet["A1"] = "Onboarding journey – Q3 workshop"
    sheet.merge_cells("A1:E1")
    sheet["B2"] = "Before purchase"
    sheet.merge_cells("B2:C2")
    sheet["D2"] = "After purchase"
    sheet.merge_cells("D2:E2")
    rows = [
        ["Phase", "Awareness", "Consideration", "Onboarding", "Support"],
        ["Doing", "Sees a poster", "Compares prices", "Installs the app", "Calls the hotline"],
        ["Channels", "Poster", "Website", "App", "Phone"],
        ["Feelings", "curious", "unsure", "happy", "angry"],
        ["Pain points", None, "Prices hidden", None, "Long wait\nTransferred twice"],
        ["Goals", "Find a bank", None, "Get going", None],
    ]
    for index, row in enumerate(rows, start=3):
        for column, value in enumerate(row, start=1):
            sheet.cell(index, column, value)
    book.save(path)
    return path


def test_grid_xlsx_with_merged_title_and_phase_band(tmp_path: Path) -> None:
    result = read_xlsx(_merged_grid(tmp_path / "grid.xlsx"))
    doc = result.doc
    assert doc.title == "Onboarding journey – Q3 workshop"
    assert [(s.name, s.phase) for s in doc.stages] == [
        ("Awareness", "before"), ("Consideration", "before"), ("Onboarding", "after"),
        ("Support", "after")]
    assert doc.stages[0].description == "Find a bank"
    assert _titles(doc) == ["Sees a poster", "Compares prices", "Installs the app",
                            "Calls the hotline"]
    assert [tp.emotion for tp in doc.touchpoints()] == [1, 0, 1, -2]
    poster, web, app, phone = doc.touchpoints()
    assert (web.channel, app.channel, phone.channel) == ("website", "mobile_app", "phone")
    assert poster.channel is not None and doc.channel(poster.channel).name == "Poster"
    assert web.pain_points == ["Prices hidden"]
    assert phone.pain_points == ["Long wait", "Transferred twice"]


def test_grid_of_feelings_only_names_cards_after_stages(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text("Stage,Visit,Order\nFeelings,😀,😞\nPains,,Slow checkout\n", "utf-8")
    doc = read_csv(path).doc
    assert _titles(doc) == ["Visit", "Order"]
    assert [tp.emotion for tp in doc.touchpoints()] == [2, -1]
    assert doc.touchpoints()[1].pain_points == ["Slow checkout"]


def test_consulting_template_with_touchpoint_as_channel(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "Stage,Actions,Touchpoint,Thoughts / Feelings,CX Pain Points,Solutions\n"
        "Research,Reads a comparison site,Website,Which one is cheapest?,Too much jargon,"
        "Plain words\n"
        "Buy,Calls sales,Phone,I hope this is quick,On hold for 20 minutes,Call-back\n",
        "utf-8",
    )
    result = read_csv(path)
    doc = result.doc
    assert result.layout == "rows"
    assert [s.name for s in doc.stages] == ["Research", "Buy"]
    assert _titles(doc) == ["Reads a comparison site", "Calls sales"]
    site, call = doc.touchpoints()
    assert (site.channel, call.channel) == ("website", "phone")
    assert site.thoughts == "Which one is cheapest?"
    assert call.pain_points == ["On hold for 20 minutes"]
    assert call.opportunities == ["Call-back"]
    assert not any("not recognised" in w or "means the same" in w for w in result.warnings)


def test_german_semicolon_cp1252_sheet(tmp_path: Path) -> None:
    path = tmp_path / "reise.csv"
    path.write_bytes(
        "Phase;Kanal;Aktivität;Gefühl;Probleme;Ideen;KPI\r\n"
        "Entdecken;Website;Sucht nach Tarifen;neugierig;;Vergleichsrechner;\r\n"
        "Kaufen;Telefon;Ruft die Hotline an;frustriert;Warteschleife;Rückruf;AHT=300\r\n"
        "Nutzen;App;Prüft die Rechnung;zufrieden;;;\r\n"
        "Empfehlen;Freunde;Erzählt es weiter;begeistert;;;\r\n".encode("cp1252")
    )
    result = read_csv(path)
    doc = result.doc
    assert [s.name for s in doc.stages] == ["Entdecken", "Kaufen", "Nutzen", "Empfehlen"]
    assert _titles(doc)[1] == "Ruft die Hotline an"
    assert [tp.emotion for tp in doc.touchpoints()] == [1, -1, 1, 2]
    assert [tp.channel for tp in doc.touchpoints()] == [
        "website", "phone", "mobile_app", "word_of_mouth"]
    hotline = doc.touchpoints()[1]
    assert hotline.pain_points == ["Warteschleife"] and hotline.opportunities == ["Rückruf"]
    assert hotline.metrics == {"AHT": 300}
    assert [w for w in result.warnings if "Windows-1252" not in w] == []


@pytest.mark.parametrize(
    ("header", "words", "emotions"),
    [
        ("Étape;Action;Canal;Émotion", ("ravie", "déçu"), [2, -1]),
        ("Etapa;Acción;Canal;Emoción", ("contenta", "enfadado"), [1, -2]),
        ("Fase;Actie;Kanaal;Gevoel", ("blij", "teleurgesteld"), [1, -1]),
        ("Etapa;Ação;Canal;Emoção", ("satisfeito", "frustrada"), [1, -1]),
        ("Fase;Azione;Canale;Emozione", ("soddisfatta", "arrabbiato"), [1, -2]),
        ("Fas;Aktivitet;Kanal;Känsla", ("nöjd", "besviken"), [1, -1]),
        ("Fase;Handling;Kanal;Følelse", ("tilfreds", "skuffet"), [1, -1]),
        ("Vaihe;Toiminta;Kanava;Tunne", ("iloinen", "vihainen"), [1, -2]),
    ],
)
def test_headers_and_feelings_in_other_languages(
    tmp_path: Path, header: str, words: tuple[str, str], emotions: list[int]
) -> None:
    path = tmp_path / "s.csv"
    path.write_text(f"{header}\nA;Eins;Web;{words[0]}\nB;Zwei;E-mail;{words[1]}\n", "utf-8")
    result = read_csv(path)
    assert [s.name for s in result.doc.stages] == ["A", "B"]
    assert _titles(result.doc) == ["Eins", "Zwei"]
    assert [tp.emotion for tp in result.doc.touchpoints()] == emotions
    assert [tp.channel for tp in result.doc.touchpoints()] == ["website", "email"]
    assert result.warnings == []


def test_sticky_note_list(tmp_path: Path) -> None:
    path = tmp_path / "board.csv"
    path.write_text(
        "Content,Color,Frame\n"
        "Finds us on Google,yellow,Discover\n"
        "Checkout fails,red,Buy\n"
        "Gets a parcel,green,Receive\n"
        "Reads the FAQ,yellow,Discover\n",
        "utf-8",
    )
    doc = read_csv(path).doc
    assert [s.name for s in doc.stages] == ["Discover", "Buy", "Receive"]
    assert _titles(doc) == ["Finds us on Google", "Checkout fails", "Gets a parcel",
                            "Reads the FAQ"]
    assert doc.touchpoints()[1].colour == "#c62828"


def test_refusal_names_both_layouts_and_what_it_found(tmp_path: Path) -> None:
    path = tmp_path / "S1-grid-pm-skills.csv"
    path.write_text("Quarter,Revenue,Cost\nQ1,10,4\nQ2,12,5\n", "utf-8")
    with pytest.raises(InteropError) as caught:
        read_csv(path)
    message = str(caught.value)
    assert "S1-grid-pm-skills" not in message
    assert "header naming a title column" in message and "stage-across grid" in message
    assert '"Quarter", "Revenue", "Cost"' in message and '"Q1", "Q2"' in message
    assert message.count(";") == 1 and "\n" not in message
    book = openpyxl.Workbook()
    book.active.append(["Quarter", "Revenue"])
    book.save(tmp_path / "w.xlsx")
    with pytest.raises(InteropError, match='in sheet "Sheet" the top row holds "Quarter"'):
        read_xlsx(tmp_path / "w.xlsx")


def test_mapping_overrides_and_ignores_columns(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Step,Wording,Medium,Mood\nA,Hello,Web,happy\n", "utf-8")
    with pytest.raises(InteropError, match='"Step", "Wording", "Medium", "Mood"'):
        read_csv(path)
    mapping = Mapping.parse(["Wording=title", "Mood=ignore", "Medium=Description"])
    result = read_csv(path, mapping)
    card = result.doc.touchpoints()[0]
    assert (card.title, card.emotion, card.channel, card.description) == (
        "Hello", None, None, "Web")
    assert ("Mood", "ignore") in result.columns and result.warnings == []
    with pytest.raises(InteropError, match='--map "Mood=feelings"'):
        Mapping.parse(["Mood=feelings"])


def test_grid_as_tsv_with_a_merged_stage_over_two_columns(tmp_path: Path) -> None:
    path = tmp_path / "grid.tsv"
    path.write_text(
        "Phase\tExplore\t\tDecide\n"
        "Actions\tReads blog\tWatches video\tSigns contract\n"
        "Channels\tWebsite\tYouTube\tSales rep\n"
        "Emotions\thappy\tbored\tdelighted\n"
        "Opportunities\t\t\tE-signature\n",
        "utf-8",
    )
    result = read_csv(path)
    doc = result.doc
    assert [s.name for s in doc.stages] == ["Explore", "Decide"]
    assert _titles(doc) == ["Reads blog", "Watches video", "Signs contract"]
    stages = {s.id: s.name for s in doc.stages}
    assert [stages[tp.stage] for tp in doc.touchpoints()] == ["Explore", "Explore", "Decide"]
    assert [tp.channel for tp in doc.touchpoints()] == ["website", "social_media", "sales_rep"]
    assert [tp.emotion for tp in doc.touchpoints()] == [1, -1, 2]
    assert doc.touchpoints()[2].opportunities == ["E-signature"]
    assert result.warnings == []


def test_a_table_whose_lanes_look_like_row_labels_stays_a_table(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "Lane,Stage,Title,Emotion\n"
        "Touchpoints,Buy,Pays,happy\n"
        "Team,Buy,Packs the parcel,ok\n"
        "Channels,Ship,Sends tracking mail,\n",
        "utf-8",
    )
    result = read_csv(path)
    assert result.layout == "rows"
    assert _titles(result.doc) == ["Pays", "Packs the parcel", "Sends tracking mail"]
    assert [lane.name for lane in result.doc.lanes] == ["Touchpoints", "Team", "Channels"]
