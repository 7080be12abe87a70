package io.confmon.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a user sees in the DOM Chromium serialized: elements by id, their text, table rows,
 * and the attributes of tags. Chromium's serialization is regular (attributes double-quoted, text
 * escaped), so a few patterns do; the test has no HTML parser on its class path.
 */
record PageDom(String html) {
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][\\w-]*)((?:\\s+[\\w:-]+(?:=\"[^\"]*\")?)*)\\s*/?>");
    private static final Pattern ATTRIBUTE = Pattern.compile("([\\w:-]+)(?:=\"([^\"]*)\")?");
    private static final Pattern ROW = Pattern.compile("<tr\\b[^>]*>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<t[dh]\\b[^>]*>(.*?)</t[dh]>", Pattern.DOTALL);

    /** The element with this id, from its start tag to its matching end tag; fails if there is none. */
    PageDom byId(String id) {
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            if (id.equals(attributes(m.group(2)).get("id"))) return new PageDom(html.substring(m.start(), end(m.group(1), m.start())));
        }
        throw new AssertionError("no element with id '" + id + "' in the page:\n" + html);
    }

    /** Every element {@code <name ...>}, whole, in document order. */
    List<PageDom> elements(String name) {
        List<PageDom> out = new ArrayList<>();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            if (m.group(1).equalsIgnoreCase(name)) out.add(new PageDom(html.substring(m.start(), end(m.group(1), m.start()))));
        }
        return out;
    }

    /** Every element {@code <name class="... cssClass ...">}, whole, in document order. */
    List<PageDom> elements(String name, String cssClass) {
        return elements(name).stream()
                .filter(e -> List.of(e.attributes().getOrDefault("class", "").split("\\s+")).contains(cssClass))
                .toList();
    }

    /** The attributes of this element's start tag. */
    Map<String, String> attributes() {
        Matcher m = TAG.matcher(html);
        if (!m.lookingAt()) throw new AssertionError("not an element: " + html);
        return attributes(m.group(2));
    }

    /** The text of the first {@code <name>} element inside this one. */
    String textOf(String name) {
        return elements(name).stream().findFirst().map(PageDom::text)
                .orElseThrow(() -> new AssertionError("no <" + name + "> in " + html));
    }

    /** The text of each row of a table: one list of cell texts per {@code <tr>}. */
    List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        Matcher r = ROW.matcher(html);
        while (r.find()) {
            List<String> cells = new ArrayList<>();
            Matcher c = CELL.matcher(r.group(1));
            while (c.find()) cells.add(text(c.group(1)));
            rows.add(cells);
        }
        return rows;
    }

    /** The text content, tags dropped, entities decoded, white space collapsed. */
    String text() {
        return text(html);
    }

    private static String text(String markup) {
        String plain = markup.replaceAll("<[^>]*>", " ");
        return unescape(plain).replaceAll("\\s+", " ").trim();
    }

    private int end(String name, int start) {
        Pattern open = Pattern.compile("<" + Pattern.quote(name) + "\\b|</" + Pattern.quote(name) + "\\s*>", Pattern.CASE_INSENSITIVE);
        Matcher m = open.matcher(html);
        m.region(start, html.length());
        int depth = 0;
        while (m.find()) {
            depth += m.group().startsWith("</") ? -1 : 1;
            if (depth == 0) return m.end();
        }
        throw new AssertionError("<" + name + "> at " + start + " is never closed");
    }

    private static Map<String, String> attributes(String markup) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher a = ATTRIBUTE.matcher(markup);
        while (a.find()) out.put(a.group(1), a.group(2) == null ? "" : unescape(a.group(2)));
        return out;
    }

    private static String unescape(String s) {
        return s.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
