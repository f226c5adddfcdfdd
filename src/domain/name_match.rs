//! Whether a typed inmate name matches the name on file.

/// Upper-cases the name and folds the common accented Latin letters to ASCII, then splits
/// it into words, so `Rivera, Ana`, `ANA RIVERA` and `Ana Rivéra` all give the same words.
fn words(name: &str) -> Vec<String> {
    let folded: String = name
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'Á' | 'À' | 'Â' | 'Ä' => 'A',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'E',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
            'ó' | 'ò' | 'ô' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Ö' => 'O',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
            'ñ' | 'Ñ' => 'N',
            'ç' | 'Ç' => 'C',
            other => other.to_ascii_uppercase(),
        })
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// True when every word of the last name on file appears among the typed words: the typed
/// name may add first names, initials or a comma, but may not change the last name.
pub fn last_name_matches(typed: &str, last_name_on_file: &str) -> bool {
    let typed = words(typed);
    let wanted = words(last_name_on_file);
    !wanted.is_empty() && wanted.iter().all(|w| typed.contains(w))
}
