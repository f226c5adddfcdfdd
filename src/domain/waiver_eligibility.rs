use super::Money;

/// Monthly household income at or below which an offender has insufficient income, by
/// persons in the family unit (1 to 8), in whole dollars (14 CSR 80-5).
const MONTHLY_LIMIT_DOLLARS: [i64; 8] = [798, 1_069, 1_341, 1_613, 1_884, 2_156, 2_428, 2_699];
/// Added for each person beyond eight.
const EACH_MORE_DOLLARS: i64 = 272;
/// An hourly wage times this approximates a month's income.
pub const HOURS_PER_MONTH: i64 = 168;
/// A family unit larger than this is surely a typing error.
pub const HOUSEHOLD_MAX_PERSONS: u32 = 30;

/// What the offender earns, as the request form asks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Income {
    /// Verified monthly income of every family member in the household. Non-cash benefits
    /// (food stamps, housing subsidies) are not income and are not included.
    Monthly(Money),
    /// An hourly wage, counted as 168 hours a month.
    Hourly(Money),
}

/// Whether the offender works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Employment {
    Employed,
    /// Unemployed but capable of gainful employment: never eligible.
    UnemployedCapable,
    /// Unemployed and not capable of gainful employment (disability, illness).
    UnemployedIncapable,
}

impl Employment {
    pub const ALL: [Employment; 3] = [
        Employment::Employed,
        Employment::UnemployedCapable,
        Employment::UnemployedIncapable,
    ];

    /// The name used on the command line and in the database.
    pub fn code(self) -> &'static str {
        match self {
            Employment::Employed => "employed",
            Employment::UnemployedCapable => "unemployed",
            Employment::UnemployedIncapable => "unable_to_work",
        }
    }

    pub fn parse(code: &str) -> Option<Employment> {
        Employment::ALL.into_iter().find(|e| e.code() == code)
    }
}

/// The answer to a waiver request's income test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Eligibility {
    pub eligible: bool,
    pub monthly_income: Money,
    /// The chart's limit for this household.
    pub threshold: Money,
    /// Refused because the offender is unemployed but capable of work.
    pub capable_of_work: bool,
}

/// Why a request form cannot be checked at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HouseholdError {
    NoPersons,
    TooManyPersons,
}

/// The insufficient-income limit for a family unit of `persons`.
pub fn monthly_threshold(persons: u32) -> Result<Money, HouseholdError> {
    if persons == 0 {
        return Err(HouseholdError::NoPersons);
    }
    if persons > HOUSEHOLD_MAX_PERSONS {
        return Err(HouseholdError::TooManyPersons);
    }
    let dollars = match MONTHLY_LIMIT_DOLLARS.get(persons as usize - 1) {
        Some(d) => *d,
        None => MONTHLY_LIMIT_DOLLARS[7] + EACH_MORE_DOLLARS * (i64::from(persons) - 8),
    };
    Ok(Money::from_cents(dollars * 100))
}

/// Checks a waiver request: eligible when the household's monthly income is at or below the
/// chart's limit and the offender is not unemployed while capable of work.
pub fn check_waiver_eligibility(
    persons: u32,
    income: Income,
    employment: Employment,
) -> Result<Eligibility, HouseholdError> {
    let threshold = monthly_threshold(persons)?;
    let monthly_income = match income {
        Income::Monthly(m) => m,
        Income::Hourly(wage) => Money::from_cents(wage.cents().saturating_mul(HOURS_PER_MONTH)),
    };
    let capable_of_work = employment == Employment::UnemployedCapable;
    Ok(Eligibility {
        eligible: !capable_of_work && monthly_income <= threshold,
        monthly_income,
        threshold,
        capable_of_work,
    })
}
