import CandorCore

extension SyntheticCity {
    func person(_ index: Int, into chunk: inout Chunk, used: inout Set<String>) {
        var random = SeededRandom(seed: configuration.seed, stream: 1, index: UInt64(index))
        let until = configuration.until
        // Ages 0 to 94, thinning out past 65.
        var age = random.int(in: 0...94)
        if age > 65 && random.chance(0.5) { age = random.int(in: 18...65) }
        let born = until.adding(days: -(age * 365 + random.int(in: 0...364)))
        let region = random.chance(0.7) ? random.pick(Self.shanghaiRegions) : random.pick(Self.migrantRegions)
        var sequence = random.int(in: 0...999)
        var text = ResidentIdentityNumber.make(region: region, born: born, sequence: sequence)
        while !used.insert(text).inserted {
            sequence = (sequence + 1) % 1000
            text = ResidentIdentityNumber.make(region: region, born: born, sequence: sequence)
        }
        let id = SubjectID(trusted: text, type: .person)
        let given =
            random.pick(SyntheticNames.givenSyllables)
            + (random.chance(0.6) ? random.pick(SyntheticNames.givenSyllables) : "")
        let surnameIndex = min(
            random.int(in: 0...SyntheticNames.surnames.count - 1), random.int(in: 0...SyntheticNames.surnames.count - 1)
        )
        chunk.residents.append(Resident(id: id, name: SyntheticNames.surnames[surnameIndex] + given))
        // Records start at 18, and for one person in twenty at 16: a record about a minor counts toward the
        // score but never lists them (SPEC §6). A stream of its own leaves everyone else's records as they were.
        var early = SeededRandom(seed: configuration.seed, stream: 9, index: UInt64(index))
        let start = early.chance(0.05) ? born.anniversary(years: 16) : born.adding(days: 18 * 365 + 5)
        guard start < until else { return }
        addRecords(
            Incidence.people, for: id, case: "P\(index)", from: start, industry: nil, random: &random, into: &chunk)
    }

    func business(_ index: Int, into chunk: inout Chunk, used: inout Set<String>) {
        var random = SeededRandom(seed: configuration.seed, stream: 2, index: UInt64(index))
        let letters = UnifiedSocialCreditCode.characters
        var text: String
        repeat {
            let region = String(random.pick(Self.shanghaiRegions))
            var body = "91" + region + "MA1"
            for _ in 0..<6 { body.append(random.pick(letters)) }
            text = UnifiedSocialCreditCode.make(body: body)
        } while !used.insert(text).inserted
        let id = SubjectID(trusted: text, type: .organization)
        let industry = random.pick(Industry.allCases)
        let name = "示范市\(random.pick(SyntheticNames.brands))\(industry.title)有限公司"
        chunk.residents.append(Resident(id: id, name: name))
        let founded = configuration.until.adding(days: -random.int(in: 200...(15 * 365)))
        addRecords(
            Incidence.businesses, for: id, case: "B\(index)", from: founded, industry: industry, random: &random,
            into: &chunk)
    }

    /// Adds a subject's records. Agencies file them under case numbers of their own (`case`, unique per
    /// subject), never under the identifier, which would reveal whom a record is about in any copy of it.
    private func addRecords(
        _ incidences: [Incidence], for subject: SubjectID, case caseNumber: String, from earliest: Day,
        industry: Industry?,
        random: inout SeededRandom, into chunk: inout Chunk
    ) {
        let until = configuration.until
        let start = max(earliest, until.adding(days: -Self.years * 365))
        let span = until.days(since: start)
        guard span > 0 else { return }
        let intensity = max(configuration.intensity, 0)
        for incidence in incidences {
            guard let agency = agencyOfKind[incidence.kind] else { continue }
            if let industry, let applies = incidence.industries, !applies(industry) { continue }
            let kindName = incidence.kind.split(separator: ".").last.map(String.init) ?? incidence.kind
            // Each draw is the usual chance of the incidence; an intensity above 1 makes more draws.
            var draws = Int(intensity)
            let fraction = intensity - Double(draws)
            if fraction > 0 && random.chance(fraction) { draws += 1 }
            var number = 0
            for _ in 0..<draws {
                guard random.chance(incidence.share * Double(span) / Double(Self.years * 365)) else { continue }
                for _ in 1...random.int(in: incidence.count) {
                    number += 1
                    let occurred = start.adding(days: random.int(in: 0...span))
                    var record = Record(
                        agency: agency,
                        reference: "\(occurred.civil.year)-\(caseNumber)-\(kindName)-\(number)",
                        subject: subject, kind: incidence.kind, occurred: occurred,
                        amount: incidence.amount.map { Double(random.int(in: $0)) }, legalBasis: incidence.legalBasis)
                    if random.chance(incidence.fulfilledShare) {
                        let fulfilled = occurred.adding(days: random.int(in: incidence.fulfilledAfter))
                        if fulfilled <= until { record.fulfilled = fulfilled }
                    }
                    if incidence.legalBasis != nil && random.chance(Self.retractedShare) {
                        let retracted = occurred.adding(days: random.int(in: 10...180))
                        if retracted <= until {
                            record.retracted = retracted
                            record.note = "Withdrawn by the agency after review"
                        }
                    }
                    chunk.records.append(record)
                }
            }
        }
    }
}
