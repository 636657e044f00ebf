/// Named character references. The table holds every legacy reference that browsers also accept without a
/// semicolon (the Latin-1 set plus `amp`, `lt`, `gt`, `quot` and their upper-case forms), all other HTML 4
/// names, and the HTML5 names for ASCII punctuation and white space that attackers use to hide URL schemes
/// (`&colon;`, `&Tab;`, `&NewLine;`, `&lpar;` …). A reference missing from the table stays literal text,
/// which the serialiser then escapes, so an unknown name can change how text looks but never what it does.
enum HTMLEntities {
    /// Upper bound on the alphanumeric run examined after `&`.
    static let longestName = 32

    /// Looks up a name that ends in `;`.
    static func lookup(_ nameWithSemicolon: String) -> String? {
        table[nameWithSemicolon]
    }

    /// Looks up a legacy name used without a semicolon.
    static func lookupLegacy(_ name: String) -> String? {
        legacy[name]
    }

    private static let latin1Names = """
        nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 \
        acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde \
        Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc \
        Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml \
        aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc \
        otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml
        """

    private static let otherNames: [(String, UInt32)] = [
        ("amp", 38), ("lt", 60), ("gt", 62), ("quot", 34), ("apos", 39),
        ("AMP", 38), ("LT", 60), ("GT", 62), ("QUOT", 34), ("COPY", 169), ("REG", 174),
        ("Tab", 9), ("NewLine", 10), ("excl", 33), ("num", 35), ("dollar", 36), ("percnt", 37),
        ("lpar", 40), ("rpar", 41), ("ast", 42), ("midast", 42), ("plus", 43), ("comma", 44),
        ("period", 46), ("sol", 47), ("colon", 58), ("semi", 59), ("equals", 61), ("quest", 63),
        ("commat", 64), ("lsqb", 91), ("lbrack", 91), ("bsol", 92), ("rsqb", 93), ("rbrack", 93),
        ("Hat", 94), ("lowbar", 95), ("UnderBar", 95), ("grave", 96), ("DiacriticalGrave", 96),
        ("lcub", 123), ("lbrace", 123), ("verbar", 124), ("vert", 124), ("VerticalLine", 124),
        ("rcub", 125), ("rbrace", 125), ("NonBreakingSpace", 160), ("hyphen", 8208), ("dash", 8208),
        ("ZeroWidthSpace", 8203), ("NoBreak", 8288),
        ("OElig", 338), ("oelig", 339), ("Scaron", 352), ("scaron", 353), ("Yuml", 376), ("fnof", 402),
        ("circ", 710), ("tilde", 732),
        ("Alpha", 913), ("Beta", 914), ("Gamma", 915), ("Delta", 916), ("Epsilon", 917), ("Zeta", 918),
        ("Eta", 919), ("Theta", 920), ("Iota", 921), ("Kappa", 922), ("Lambda", 923), ("Mu", 924),
        ("Nu", 925), ("Xi", 926), ("Omicron", 927), ("Pi", 928), ("Rho", 929), ("Sigma", 931), ("Tau", 932),
        ("Upsilon", 933), ("Phi", 934), ("Chi", 935), ("Psi", 936), ("Omega", 937),
        ("alpha", 945), ("beta", 946), ("gamma", 947), ("delta", 948), ("epsilon", 949), ("zeta", 950),
        ("eta", 951), ("theta", 952), ("iota", 953), ("kappa", 954), ("lambda", 955), ("mu", 956),
        ("nu", 957), ("xi", 958), ("omicron", 959), ("pi", 960), ("rho", 961), ("sigmaf", 962),
        ("sigma", 963), ("tau", 964), ("upsilon", 965), ("phi", 966), ("chi", 967), ("psi", 968),
        ("omega", 969), ("thetasym", 977), ("upsih", 978), ("piv", 982),
        ("ensp", 8194), ("emsp", 8195), ("thinsp", 8201), ("zwnj", 8204), ("zwj", 8205), ("lrm", 8206),
        ("rlm", 8207), ("ndash", 8211), ("mdash", 8212), ("lsquo", 8216), ("rsquo", 8217), ("sbquo", 8218),
        ("ldquo", 8220), ("rdquo", 8221), ("bdquo", 8222), ("dagger", 8224), ("Dagger", 8225),
        ("bull", 8226), ("hellip", 8230), ("permil", 8240), ("prime", 8242), ("Prime", 8243),
        ("lsaquo", 8249), ("rsaquo", 8250), ("oline", 8254), ("frasl", 8260), ("euro", 8364),
        ("image", 8465), ("weierp", 8472), ("real", 8476), ("trade", 8482), ("alefsym", 8501),
        ("larr", 8592), ("uarr", 8593), ("rarr", 8594), ("darr", 8595), ("harr", 8596), ("crarr", 8629),
        ("lArr", 8656), ("uArr", 8657), ("rArr", 8658), ("dArr", 8659), ("hArr", 8660),
        ("forall", 8704), ("part", 8706), ("exist", 8707), ("empty", 8709), ("nabla", 8711),
        ("isin", 8712), ("notin", 8713), ("ni", 8715), ("prod", 8719), ("sum", 8721), ("minus", 8722),
        ("lowast", 8727), ("radic", 8730), ("prop", 8733), ("infin", 8734), ("ang", 8736), ("and", 8743),
        ("or", 8744), ("cap", 8745), ("cup", 8746), ("int", 8747), ("there4", 8756), ("sim", 8764),
        ("cong", 8773), ("asymp", 8776), ("ne", 8800), ("equiv", 8801), ("le", 8804), ("ge", 8805),
        ("sub", 8834), ("sup", 8835), ("nsub", 8836), ("sube", 8838), ("supe", 8839), ("oplus", 8853),
        ("otimes", 8855), ("perp", 8869), ("sdot", 8901), ("lceil", 8968), ("rceil", 8969),
        ("lfloor", 8970), ("rfloor", 8971), ("lang", 0x27E8), ("rang", 0x27E9), ("loz", 9674),
        ("spades", 9824), ("clubs", 9827), ("hearts", 9829), ("diams", 9830), ("check", 0x2713),
        ("cross", 0x2717), ("star", 0x2606), ("starf", 0x2605),
    ]

    /// Names browsers decode even without the trailing semicolon.
    private static let legacy: [String: String] = {
        var result: [String: String] = [:]
        for (offset, name) in latin1Names.split(separator: " ").enumerated() {
            result[String(name)] = String(Character(Unicode.Scalar(UInt32(160 + offset))!))
        }
        for name in ["amp", "lt", "gt", "quot", "AMP", "LT", "GT", "QUOT", "COPY", "REG"] {
            if let value = otherNames.first(where: { $0.0 == name }) {
                result[name] = String(Character(Unicode.Scalar(value.1)!))
            }
        }
        return result
    }()

    private static let table: [String: String] = {
        var result: [String: String] = [:]
        for (name, value) in legacy { result[name + ";"] = value }
        for (name, code) in otherNames {
            if let scalar = Unicode.Scalar(code) { result[name + ";"] = String(Character(scalar)) }
        }
        return result
    }()
}
