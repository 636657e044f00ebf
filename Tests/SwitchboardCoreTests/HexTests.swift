import Foundation
import Testing

@testable import SwitchboardCore

@Suite("Hex")
struct HexTests {
    @Test("every byte as two lower-case digits, as printf's %02x writes it; empty input is empty text")
    func everyByte() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.lowercase(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.lowercase([UInt8]()) == "")
        #expect(Hex.lowercase([0x00, 0x0f, 0xf0, 0xff][1...]) == "0ff0ff")
    }
}
