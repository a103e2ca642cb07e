import pytest

from generator.model.placeholders import Placeholder, PlaceholderError, escape_value, fill, join_words, parse


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


def test_possessive_follows_a_value_or_a_joined_list_and_nothing_else() -> None:
    assert parse("{{ brands | or_list | possessive }} x") == [Placeholder("brands", "or_list", possessive=True), " x"]
    assert parse("{{ school | possessive }}") == [Placeholder("school", None, possessive=True)]
    for text in ("{{ a | possessive | possessive }}", "{{ a | capitalised | possessive }}", "{{ a | possessive(1) }}"):
        with pytest.raises(PlaceholderError):
            parse(text)
    filled = fill("{{ school | possessive }} pupils", {"school": "Fenmoor Primary"}, types={}, blank=str)
    assert filled == "Fenmoor Primary's pupils"
    assert fill("{{ school | possessive }} pupils", {}, types={}, blank=lambda n: f"[{n}]") == "[school]'s pupils"


def test_a_persons_detail_is_a_placeholder_and_nothing_else_of_an_attribute_is() -> None:
    assert parse("Ask {{ dsl.name }} or {{ dsl.email | capitalised }}.") == [
        "Ask ",
        Placeholder("dsl.name"),
        " or ",
        Placeholder("dsl.email", "capitalised"),
        ".",
    ]
    values = {"dsl.name": "Ms Ada Lane", "dsl.email": "dsl@example.org"}
    filled = fill("{{ dsl.name }}: {{ dsl.email }}", values, types={"dsl.email": "email"}, blank=str)
    assert filled == "Ms Ada Lane: [dsl@example.org](mailto:dsl@example.org)"
    for refused in ("{{ dsl.__class__ }}", "{{ dsl.name.upper }}", "{{ dsl['name'] }}", "{{ a.b.name }}"):
        with pytest.raises(PlaceholderError):
            parse(refused)
