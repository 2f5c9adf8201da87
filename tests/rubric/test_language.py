"""Language detection: the statistical model (~75 MB) is loaded only when nothing cheaper
decides, so a helpdesk in the languages most often met beside English never pays for it."""

import pytest

from rubric import language
from rubric.language import detect_language

SAMPLES = {
    "es": "Hola, mi licuadora llegó con el vaso roto. Es la segunda vez que pasa y necesito una solución.",
    "fr": "Bonjour, ma commande n'est jamais arrivée alors que le suivi indique qu'elle a été livrée. "
    "Pouvez-vous vérifier ?",
    "de": "Guten Tag, auf meiner Rechnung steht der falsche Betrag. "
    "Ich habe den Basic-Tarif, aber es ist nicht korrekt.",
    "pt": "Olá, meu pedido ainda não chegou e você disse que seria entregue ontem. "
    "Pode verificar com uma urgência?",
    "it": "Buongiorno, il mio ordine non è ancora arrivato e sono passati dieci giorni. "
    "Potete verificare che cosa è successo?",
    "ru": "Здравствуйте, мой заказ до сих пор не доставлен. "
    "Пожалуйста, проверьте статус доставки и напишите мне.",
    "ja": "こんにちは。注文した商品がまだ届きません。"
    "確認していただけますか。よろしくお願いいたします。本当に困っています。",
    "en": "Hi, my order arrived broken and I need a replacement "
    "before Saturday, can you help me with it please?",
}


@pytest.mark.parametrize(("code", "text"), SAMPLES.items(), ids=SAMPLES)
def test_common_languages_are_told_without_the_model(
    code: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model() -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(language, "_identifier", no_model)
    assert detect_language(text) == code


def test_text_nothing_cheap_decides_goes_to_the_model() -> None:
    assert (
        detect_language(
            "Dzień dobry, moje zamówienie nie dotarło. Proszę o sprawdzenie przesyłki, dziękuję bardzo."
        )
        == "pl"
    )


def test_english_of_mentions_and_short_lines_is_told_by_its_words(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model() -> None:
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(language, "_identifier", no_model)
    text = "@ShopSupport Customer Service hello\nwant refund\nwhere parcel now?\nshow tracking number"
    assert detect_language(text) == "en"


OTHER_LATIN = {
    "nl": "Mijn bestelling is nog niet aangekomen, kunnen jullie mij alstublieft snel helpen met dit",
    "sv": "Min beställning har inte kommit ännu, kan ni hjälpa mig snabbt tack så mycket för hjälpen",
    "id": "Pesananku belum sampai sampai sekarang, tolong bantu saya secepatnya ya terima kasih banyak",
    "tr": "Siparişim henüz gelmedi, lütfen bana yardım edin çok teşekkür ederim gerçekten acil durum",
}


@pytest.mark.parametrize("text", OTHER_LATIN.values(), ids=OTHER_LATIN)
def test_other_latin_languages_are_not_taken_for_english(text: str) -> None:
    assert detect_language(text) != "en"
