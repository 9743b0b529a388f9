/* The page's fixed texts follow the URL's language only (callbacks/texts.py): the store takes the
 * language the URL asks for when it differs from the one shown; a drill-down, which changes the
 * area and keeps the language, changes nothing here and posts nothing. The rule is
 * view.state.parse_lang's: "en" is English, anything else (or nothing) Thai. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    pageLang: {
        fromSearch: function (search, shown) {
            const lang = new URLSearchParams(search || "").get("lang") === "en" ? "en" : "th";
            return lang === shown ? window.dash_clientside.no_update : lang;
        },
    },
});
