extension RecordColumns {
    /// Every subject's `candor export ratings` line — exactly `ExportLine.json` and a line break — in
    /// identifier order, handed to `body` as bytes about a megabyte at a time.
    ///
    /// Written straight into bytes: at a nation's scale this runs 22 million times.
    public func writeExportLines(_ rated: RatedColumns, policy: Policy, _ body: ([UInt8]) throws -> Void) rethrows {
        let order = isInIdentifierOrder ? nil : positionsInIdentifierOrder()
        let tiers = policy.tiers.map { Array(jsonString($0.id).utf8) }
        let lists = policy.lists.map { Array(jsonString($0.id).utf8) }
        var listed = [Bool](repeating: false, count: subjects.count)
        for position in rated.memberships.keys { listed[Int(position)] = true }
        let limit = 1 << 20
        var buffer: [UInt8] = []
        buffer.reserveCapacity(limit + 4096)
        for index in subjects.indices {
            let position = order?[index] ?? index
            buffer.append(contentsOf: #"{"subject":""#.utf8)
            subjects[position].appendText(to: &buffer)
            buffer.append(contentsOf: #"","score":"#.utf8)
            appendDecimal(rated.scores[position], to: &buffer)
            buffer.append(contentsOf: #","tier":"#.utf8)
            buffer.append(contentsOf: tiers[Int(rated.tiers[position])])
            buffer.append(contentsOf: #","lists":["#.utf8)
            if listed[position] {
                for (number, membership) in (rated.memberships[Int32(position)] ?? []).enumerated() {
                    if number > 0 { buffer.append(UInt8(ascii: ",")) }
                    buffer.append(contentsOf: lists[Int(membership.list)])
                }
            }
            buffer.append(contentsOf: "]}\n".utf8)
            if buffer.count >= limit {
                try body(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { try body(buffer) }
    }
}

/// Appends a number's decimal digits, with a minus sign when negative.
private func appendDecimal(_ value: Int32, to buffer: inout [UInt8]) {
    var magnitude = value.magnitude
    if value < 0 { buffer.append(UInt8(ascii: "-")) }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { digits in
        repeat {
            digits[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            count += 1
        } while magnitude > 0
        for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(digits[index]) }
    }
}
