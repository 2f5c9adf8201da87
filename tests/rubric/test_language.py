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
