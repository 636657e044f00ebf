import Hummingbird
import SwitchboardCore

extension RequestContext {
    /// The positive integer id in path parameter `name`; 400 naming the parameter otherwise.
    func pathID(_ name: String = "id") throws -> Int64 {
        guard let raw = parameters.get(name), raw.utf8.count <= 19, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
            let value = Int64(raw), value > 0
        else {
            throw SwitchboardError.invalid(name, "must be a positive integer id")
        }
        return value
    }
}
