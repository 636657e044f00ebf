/// The Switchboard mark, used as favicon and brand image.
enum IconSVG {
    static let source = #"""
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="Switchboard">
<rect width="32" height="32" rx="7" fill="#0b5cad"/>
<circle cx="10" cy="11" r="3" fill="#fff"/><circle cx="22" cy="11" r="3" fill="#fff"/>
<circle cx="10" cy="21" r="3" fill="#fff"/><circle cx="22" cy="21" r="3" fill="#fff"/>
<path d="M10 11 22 21M22 11 10 21" stroke="#fff" stroke-width="2"/>
</svg>
"""#
}
