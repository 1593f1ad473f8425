/// A QR code (ISO/IEC 18004, model 2) of a short text, drawn as SVG on the server: byte mode, error
/// correction level L, the smallest version that holds the text, and the mask with the lowest penalty.
/// Pages use it to share an attestation's link with a phone at a counter.
struct QRCode {
    /// Dark modules, row by row.
    private(set) var modules: [[Bool]]
    let version: Int
    var size: Int { modules.count }

    /// Error-correction codewords per block and blocks, by version, for level L (ISO/IEC 18004 table 9).
    private static let eccPerBlock = [
        0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ]
    private static let blocks = [
        0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17,
        18, 19, 19, 20, 21, 22, 24, 25,
    ]

    /// The modules a version has for data and error correction, outside every function pattern.
    static func rawModules(_ version: Int) -> Int {
        var count = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            count -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { count -= 36 }
        }
        return count
    }

    static func dataCodewords(_ version: Int) -> Int {
        rawModules(version) / 8 - eccPerBlock[version] * blocks[version]
    }

    /// The centres of the alignment patterns along one side.
    static func alignmentPositions(_ version: Int) -> [Int] {
        guard version >= 2 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var positions = [6]
        var position = version * 4 + 10
        for _ in 0..<(count - 1) {
            positions.insert(position, at: 1)
            position -= step
        }
        return positions
    }

    init(text: String) {
        let bytes = Array(text.utf8)
        var version = 1
        while version < 40, Self.dataCodewords(version) * 8 < 4 + (version < 10 ? 8 : 16) + 8 * bytes.count {
            version += 1
        }
        self.version = version
        let size = version * 4 + 17
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        var reserved = Array(repeating: Array(repeating: false, count: size), count: size)

        func set(_ x: Int, _ y: Int, _ dark: Bool) {
            modules[y][x] = dark
            reserved[y][x] = true
        }
        // Finder patterns with their separators, timing patterns, alignment patterns.
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let x = cx + dx, y = cy + dy
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let ring = max(abs(dx), abs(dy))
                    set(x, y, ring != 2 && ring != 4)
                }
            }
        }
        let centres = Self.alignmentPositions(version)
        let last = centres.last ?? 0
        for cy in centres {
            for cx in centres where !((cx == 6 && cy == 6) || (cx == 6 && cy == last) || (cx == last && cy == 6)) {
                for dy in -2...2 {
                    for dx in -2...2 { set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        for i in 0..<size {
            if !reserved[6][i] { set(i, 6, i % 2 == 0) }
            if !reserved[i][6] { set(6, i, i % 2 == 0) }
        }
        // Reserve the format areas (written after masking) and write the version blocks.
        for i in 0..<9 {
            reserved[8][i] = true
            reserved[i][8] = true
        }
        for i in 0..<8 {
            reserved[8][size - 1 - i] = true
            reserved[size - 1 - i][8] = true
        }
        set(8, size - 8, true)
        if version >= 7 {
            var remainder = version
            for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
            let bits = version << 12 | remainder
            for i in 0..<18 {
                let dark = (bits >> i) & 1 == 1
                set(size - 11 + i % 3, i / 3, dark)
                set(i / 3, size - 11 + i % 3, dark)
            }
        }

        // The data: mode, count, bytes, terminator, padding; then error correction and interleaving.
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) {
            for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) }
        }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for byte in bytes { append(Int(byte), 8) }
        let capacity = Self.dataCodewords(version) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacity {
            append(pad, 8)
            pad ^= 0xEC ^ 0x11
        }
        var data: [UInt8] = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        let blockCount = Self.blocks[version], ecc = Self.eccPerBlock[version]
        let raw = Self.rawModules(version) / 8
        let shortBlocks = blockCount - raw % blockCount, shortLength = raw / blockCount
        let generator = ReedSolomon.generator(degree: ecc)
        var blocksData: [[UInt8]] = []
        for index in 0..<blockCount {
            let length = shortLength - ecc + (index < shortBlocks ? 0 : 1)
            let block = Array(data.prefix(length))
            data.removeFirst(length)
            blocksData.append(block + ReedSolomon.remainder(block, generator))
        }
        // Column by column across the blocks; a short block has no byte at the long blocks' last data column.
        var codewords: [UInt8] = []
        for column in 0...shortLength {
            for (index, block) in blocksData.enumerated() {
                let short = index < shortBlocks
                if short && column == shortLength - ecc { continue }
                let position = short && column > shortLength - ecc ? column - 1 : column
                if position < block.count { codewords.append(block[position]) }
            }
        }

        // Zigzag placement in two-module columns from the bottom right.
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    guard !reserved[y][x] else { continue }
                    if bitIndex < codewords.count * 8 {
                        modules[y][x] = (codewords[bitIndex >> 3] >> (7 - bitIndex & 7)) & 1 == 1
                    }
                    bitIndex += 1
                }
            }
            right -= 2
        }

        // The mask with the lowest penalty.
        let unmasked = modules
        var best: (penalty: Int, modules: [[Bool]])?
        for mask in 0..<8 {
            modules = unmasked
            for y in 0..<size {
                for x in 0..<size where !reserved[y][x] && Self.masks(mask, x, y) { modules[y][x].toggle() }
            }
            writeFormat(mask: mask)
            let penalty = Self.penalty(modules)
            if best == nil || penalty < best!.penalty { best = (penalty, modules) }
        }
        modules = best!.modules
    }

    private static func masks(_ mask: Int, _ x: Int, _ y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        default: ((x + y) % 2 + x * y % 3) % 2 == 0
        }
    }

    /// The 15 format bits (level L, the mask, BCH code, XOR pattern) in both places.
    private mutating func writeFormat(mask: Int) {
        let data = 0b01 << 3 | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        let size = self.size
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { modules[i][8] = bit(i) }
        modules[7][8] = bit(6)
        modules[8][8] = bit(7)
        modules[8][7] = bit(8)
        for i in 9..<15 { modules[8][14 - i] = bit(i) }
        for i in 0..<8 { modules[8][size - 1 - i] = bit(i) }
        for i in 8..<15 { modules[size - 15 + i][8] = bit(i) }
        modules[size - 8][8] = true
    }

    /// The standard's penalty: runs, 2×2 blocks, finder-like patterns and imbalance of dark modules.
    private static func penalty(_ modules: [[Bool]]) -> Int {
        let size = modules.count
        var total = 0
        let columns = (0..<size).map { x in (0..<size).map { modules[$0][x] } }
        for line in modules + columns {
            var run = 1
            for i in 1..<size {
                if line[i] == line[i - 1] {
                    run += 1
                } else {
                    if run >= 5 { total += run - 2 }
                    run = 1
                }
            }
            if run >= 5 { total += run - 2 }
            let pattern: [Bool] = [true, false, true, true, true, false, true]
            for i in 0...(size - 7) where Array(line[i..<i + 7]) == pattern {
                let before = i >= 4 && !line[i - 4..<i].contains(true)
                let after = i + 11 <= size && !line[i + 7..<i + 11].contains(true)
                if before || after { total += 40 }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = modules[y][x]
                if modules[y][x + 1] == colour, modules[y + 1][x] == colour, modules[y + 1][x + 1] == colour {
                    total += 3
                }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        total += abs(dark * 20 - size * size * 10) / (size * size) * 10
        return total
    }

    /// The code as SVG: one path of dark squares inside a four-module quiet zone.
    func svg(label: String) -> String {
        let side = size + 8
        var path = ""
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark { path += "M\(x + 4) \(y + 4)h1v1h-1z" }
        }
        let escaped = label.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(side) \(side)\" width=\"\(side * 4)\" "
            + "height=\"\(side * 4)\" role=\"img\" aria-label=\"\(escaped)\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"\(side)\" height=\"\(side)\" fill=\"#fff\"/><path d=\"\(path)\" fill=\"#000\"/></svg>"
    }
}

/// Reed–Solomon error correction over GF(256) with the QR polynomial 0x11D.
enum ReedSolomon {
    static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        var result = 0
        var a = Int(a)
        var b = Int(b)
        while b > 0 {
            if b & 1 == 1 { result ^= a }
            a <<= 1
            if a & 0x100 != 0 { a ^= 0x11D }
            b >>= 1
        }
        return UInt8(result)
    }

    /// The generator polynomial of `degree`, highest coefficient first (the leading 1 left out).
    static func generator(degree: Int) -> [UInt8] {
        var coefficients = [UInt8](repeating: 0, count: degree)
        coefficients[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                coefficients[j] = multiply(coefficients[j], root)
                if j + 1 < degree { coefficients[j] ^= coefficients[j + 1] }
            }
            root = multiply(root, 2)
        }
        return coefficients
    }

    static func remainder(_ data: [UInt8], _ generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ result[0]
            result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= multiply(generator[i], factor) }
        }
        return result
    }
}
