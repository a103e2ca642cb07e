import pytest

from generator.placeholders import Placeholder, PlaceholderError, escape_value, fill, join_words, parse


def test_parse_finds_placeholders_and_list_filters() -> None:
    assert parse("Hi {{ a }} and {{ b | or_list }}.") == [
        "Hi ",
        Placeholder("a"),
        " and ",
        Placeholder("b", "or_list"),
        ".",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__ }}",
        "{% include 'x' %}",
        "{{ a.b }}",
        "{{ a | upper }}",
        "{{ a() }}",
        "{% for x in y %}{% endfor %}",
    ],
)
def test_anything_but_a_placeholder_is_refused(text: str) -> None:
    with pytest.raises(PlaceholderError):
        parse(text)


def test_fill_escapes_values_and_shows_html_as_text() -> None:
    text = fill(
        "The {{ setting }} <script>x</script> {{ brands | or_list }} {{ mail }} {{ unset }}",
        {"setting": "St *Mary's* <b>", "brands": ["A", "B", "C"], "mail": "a_b@x.org"},
        types={"mail": "email"},
        blank=lambda name: f"[{name}]",
    )
    assert text == (
        "The St \\*Mary's\\* &lt;b&gt; &lt;script&gt;x&lt;/script&gt; A, B or C [a\\_b@x.org](mailto:a_b@x.org) [unset]"
    )


def test_attribute_lists_in_text_are_inert() -> None:
    assert fill("x {: onclick=alert(1) }", {}, types={}, blank=str) == "x \\{: onclick=alert(1) \\}"


def test_escape_value_leaves_plain_words() -> None:
    assert escape_value("Longton Primary School") == "Longton Primary School"


@pytest.mark.parametrize(
    ("words", "expected"), [([], ""), (["A"], "A"), (["A", "B"], "A and B"), (["A", "B", "C"], "A, B and C")]
)
def test_join_words(words: list[str], expected: str) -> None:
    assert join_words(words) == expected
