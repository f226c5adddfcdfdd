//! What a sender's name and address must hold to be one (inmate-deposits.txt: the slip
//! carries the sender's name and address, typed): a name of at least two letters; a street
//! with letters in it; a city, a two-letter state and a ZIP code (five digits, or ZIP+4).

use super::Rejection;

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

/// A sender's name: at least two letters ("." or "-" is no one's name).
pub fn sender_name_problem(name: &str) -> Option<Rejection> {
    (letters(name) < 2).then_some(Rejection::SenderNameTooShort)
}

/// The street line: letters in it ("-, ?" is no street).
pub fn street_problem(street: &str) -> Option<Rejection> {
    (letters(street) < 2).then_some(Rejection::StreetInvalid)
}

/// `City, ST 12345` (the comma optional, ZIP+4 allowed): the city and the state as parts.
fn city_state_zip(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    let (rest, zip) = line.rsplit_once(char::is_whitespace)?;
    let zip_ok = match zip.split_once('-') {
        Some((five, four)) => {
            five.len() == 5
                && four.len() == 4
                && five.chars().chain(four.chars()).all(|c| c.is_ascii_digit())
        }
        None => zip.len() == 5 && zip.chars().all(|c| c.is_ascii_digit()),
    };
    if !zip_ok {
        return None;
    }
    let (city, state) = rest.trim().rsplit_once(char::is_whitespace)?;
    let state_ok = state.len() == 2 && state.chars().all(|c| c.is_ascii_alphabetic());
    let city = city.trim().trim_end_matches(',').trim();
    (state_ok && letters(city) >= 2).then_some((city, state))
}

/// The city line: a city, a two-letter state and a ZIP code.
pub fn city_line_problem(line: &str) -> Option<Rejection> {
    city_state_zip(line)
        .is_none()
        .then_some(Rejection::CityStateZipInvalid)
}

/// A whole address as a slip carries it (`street, city, ST 12345`): the first problem.
pub fn address_problem(address: &str) -> Option<Rejection> {
    let Some((street, city_line)) = address.split_once(',') else {
        return Some(Rejection::CityStateZipInvalid);
    };
    street_problem(street).or_else(|| city_line_problem(city_line))
}
