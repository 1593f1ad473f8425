import CandorCLI

/// The `candor` executable: runs the root command.
@main
enum CandorMain {
    static func main() async {
        await Candor.main()
    }
}
