"""The marker lets the connector recognise its own notes, in any format."""

from rubric.marker import Marker, find_marker, has_marker


def test_marker_round_trips_through_text() -> None:
    marker = Marker("default", 3, "0123456789abcdef")
    assert find_marker(f"QA 88/100\n\n{marker}\n") == marker


def test_the_last_marker_wins() -> None:
    text = "[ticketqa:default@1:aaaaaaaaaaaaaaaa] quoted … [ticketqa:default@2:bbbbbbbbbbbbbbbb]"
    assert find_marker(text) == Marker("default", 2, "bbbbbbbbbbbbbbbb")


def test_lookalikes_are_not_markers() -> None:
    assert not has_marker("[ticketqa:default:abc]")
    assert not has_marker("ticketqa rubric default v1")
    assert find_marker("") is None


def test_marker_survives_html_wrapping() -> None:
    assert find_marker("<p>[ticketqa:my-rubric@12:0123456789abcdef]</p>") == Marker(
        "my-rubric", 12, "0123456789abcdef"
    )
