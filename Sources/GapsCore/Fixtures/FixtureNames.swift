/// Made-up names for synthetic pupils and schools.
///
/// Plain lists in code: they are not a code set, nothing downstream interprets them. They are chosen to exercise
/// input handling: non-ASCII letters (Zoë, Siân, Zuzanna's neighbours), apostrophes (O'Brien, D'Souza) and hyphens.
enum FixtureNames {
    static let girls = [
        "Olivia", "Amelia", "Isla", "Ava", "Lily", "Freya", "Ivy", "Florence", "Grace", "Sophia", "Mia", "Ella",
        "Evie", "Poppy", "Zoë", "Siân", "Aisha", "Maryam", "Fatima", "Amira", "Hannah", "Chloe", "Ruby", "Niamh",
        "Maja", "Zuzanna", "Chiamaka", "Mei", "Priya", "Jessica", "Renée", "Erin",
    ]

    static let boys = [
        "Oliver", "George", "Noah", "Arthur", "Leo", "Harry", "Oscar", "Jack", "Charlie", "Freddie", "Theo", "Alfie",
        "Jacob", "Thomas", "Muhammad", "Ibrahim", "Yusuf", "Ayaan", "Rhys", "Dylan", "Callum", "Kacper", "Jakub",
        "Tobi", "Samuel", "Joshua", "Ethan", "Luca", "Ryan", "Wei", "Seán", "Kwame",
    ]

    static let surnames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
        "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "Khan", "Hussain", "Ahmed", "Begum", "Ali", "Kowalski", "Nowak", "Okafor", "Mensah", "O'Brien", "Murphy",
        "Kelly", "Hughes", "Edwards", "Lewis", "Harris", "Martin", "Cooper", "Hill", "Ward", "Morris", "Turner",
        "Baker", "Singh", "Kaur", "Chen", "Nguyen", "Ferreira", "D'Souza", "Clarke-Owusu", "Price",
    ]

    /// The first ten schools: fictional names, one with `&` and `'` (XML escaping) and one with a comma (CSV
    /// quoting). Further schools get compound names from the two word lists below.
    static let schools = [
        "Beechwood Primary School", "St Mary & St John's C of E Primary", "Hill Top, Moorside Primary School",
        "Larkfield Community Primary School", "Oakridge Primary Academy", "Willowbank Primary School",
        "Kingfisher Primary School", "Foxglove Lane Primary School", "Millbrook Primary Academy",
        "Thornfield Primary School",
    ]

    static let schoolNameStarts = ["Ash", "Birch", "Cedar", "Elm", "Hazel", "Holly", "Larch", "Maple", "Rowan", "Yew"]
    static let schoolNameEnds = ["field", "wood", "brook", "dale", "gate", "hurst", "lea", "mead", "stone", "well"]

    /// The name of school `index` (1-based); unique for every index.
    static func school(_ index: Int) -> String {
        if index <= schools.count { return schools[index - 1] }
        let k = index - schools.count - 1
        let stem = schoolNameStarts[(k / schoolNameEnds.count) % schoolNameStarts.count] + schoolNameEnds[k % schoolNameEnds.count]
        let round = k / (schoolNameStarts.count * schoolNameEnds.count)
        return round == 0 ? "\(stem) Primary School" : "\(stem) Primary School No. \(round + 1)"
    }
}
