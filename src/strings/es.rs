//! Español.

use crate::domain::{
    Field, HoldReason, HouseholdError, MoneyError, NotBusinessDay, PinProblem, Rejection,
};

pub fn field(f: Field) -> &'static str {
    match f {
        Field::InmateName => "nombre del recluso",
        Field::LastName => "apellido",
        Field::FirstName => "nombre",
        Field::Facility => "centro",
        Field::SenderName => "nombre del remitente",
        Field::SenderAddress => "dirección del remitente",
        Field::Issuer => "emisor",
        Field::Serial => "número de serie",
        Field::Note => "nota",
        Field::HolidayName => "nombre del feriado",
        Field::KioskId => "identificador del quiosco",
        Field::UserName => "nombre de usuario",
    }
}

pub fn money_error(e: MoneyError) -> &'static str {
    match e {
        MoneyError::Empty => "Escriba una cantidad.",
        MoneyError::TooLong => "Esa cantidad es demasiado larga.",
        MoneyError::NonAsciiDigit => "Escriba la cantidad con los dígitos 0 a 9.",
        MoneyError::Negative => "La cantidad no puede ser negativa.",
        MoneyError::Exponent => "Escriba la cantidad en dólares y centavos, como 25.00.",
        MoneyError::NotANumber => "Eso no es una cantidad. Escriba dólares y centavos, como 25.00.",
        MoneyError::MisplacedComma => "Las comas de esa cantidad están mal colocadas.",
        MoneyError::TooManyDecimals => "Use como máximo dos dígitos para los centavos.",
        MoneyError::TooLarge => "Esa cantidad es demasiado grande.",
        MoneyError::Zero => "La cantidad debe ser mayor que cero.",
    }
}

pub fn rejection(r: Rejection) -> String {
    match r {
        Rejection::DocNumberInvalid => "Un número DOC tiene de 1 a 8 dígitos.".into(),
        Rejection::SlipNumberMistyped => {
            "Ese número de comprobante no es válido. Revise cada dígito y escríbalo de nuevo."
                .into()
        }
        Rejection::FieldControlCharacter(f) => {
            format!(
                "El campo {} contiene caracteres que no se pueden imprimir.",
                field(f)
            )
        }
        Rejection::FieldRequired(f) => format!("Escriba el {}.", field(f)),
        Rejection::FieldTooLong(f) => format!(
            "El campo {} es demasiado largo (máximo {} caracteres).",
            field(f),
            f.max_chars()
        ),
        Rejection::Amount(e) => money_error(e).into(),
        Rejection::DateInvalid => "Escriba la fecha como AAAA-MM-DD, por ejemplo 2026-12-01.".into(),
        Rejection::MoneyOrderDateInFuture => "La fecha del giro postal es futura.".into(),
        Rejection::PersonalCheckNotAccepted => {
            "No se aceptan cheques personales. En el buzón solo van giros postales.".into()
        }
        Rejection::CashNotAccepted => {
            "No se acepta efectivo en el buzón. Solo giros postales.".into()
        }
        Rejection::AmountOverMoneyOrderLimit => {
            "Un giro postal puede ser de $999.99 como máximo. Envíe varios giros para más.".into()
        }
        Rejection::InmateNotMatched => "El número DOC y el nombre no coinciden.".into(),
        Rejection::InmateMovedAway => "Esta persona fue trasladada a otro centro: envíele el dinero allí.".into(),
        Rejection::DuplicateMoneyOrder => {
            "Ya se recibió un giro postal con este emisor y número de serie.".into()
        }
        Rejection::SlipAlreadyUsed => "Este comprobante ya se asignó a otro giro postal.".into(),
        Rejection::UnknownUser => "No existe ese usuario.".into(),
        Rejection::UserDisabled => "Este usuario está desactivado.".into(),
        Rejection::SupervisorRequired => "Solo un supervisor puede hacer esto.".into(),
        Rejection::HeldByScreening(reason) => format!(
            "No se liberó: con lo verificado, ahora queda retenido porque {}. Libérelo de nuevo para liberarlo de todos modos.",
            hold_reason(reason)
        ),
        Rejection::OwnIntake => {
            "Usted recibió este giro postal: otro supervisor debe liberarlo.".into()
        }
        Rejection::OwnRequest => {
            "Usted solicitó esta dispensa: otro supervisor debe decidirla.".into()
        }
        Rejection::MoneyOrderNotFound => "Ningún giro postal tiene ese número.".into(),
        Rejection::NotOnHold => "Ese giro postal no está retenido.".into(),
        Rejection::PostingDateInFuture => "No se puede contabilizar con una fecha futura.".into(),
        Rejection::PostingDateTooEarly => {
            "Esa fecha es anterior al primer día hábil del registro: entonces no se pudo acreditar nada.".into()
        }
        Rejection::MonthClosedByStatements => {
            "Los estados de cuenta de ese mes ya se emitieron, así que no se acredita nada más en él: acredite estos giros con el lote del próximo día hábil.".into()
        }
        Rejection::StatementMonthNotOver => {
            "Ese mes aún no ha terminado: los estados de cuenta de todos se emiten al terminar.".into()
        }
        Rejection::HolidayExists => {
            "Esa fecha ya es feriado con otro nombre; no se cambió nada.".into()
        }
        Rejection::BirthDateInFuture => "La fecha de nacimiento no puede ser futura.".into(),
        Rejection::PostingRunning => {
            "Hay una contabilización en curso; espere a que termine y luego consulte el lote del día.".into()
        }
        Rejection::InmateAlreadyExists => "Ya hay una persona con este número DOC.".into(),
        Rejection::InmateNotFound => "No hay ninguna persona con este número DOC.".into(),
        Rejection::UserAlreadyExists => "Ya existe un usuario con este nombre.".into(),
        Rejection::LastSupervisor => {
            "Es el último supervisor que puede iniciar sesión: agregue otro antes de desactivarlo."
                .into()
        }
        Rejection::ReservedUserName => {
            "Este nombre está reservado para lockbox (system, setup, cli, kiosk...).".into()
        }
        Rejection::OtherSupervisorsPassword => {
            "Un supervisor no puede cambiar la contraseña de otro supervisor.".into()
        }
        Rejection::PercentOutOfRange => "Un porcentaje está entre 0 y 100.".into(),
        Rejection::FeeAboveMaximum => "La cuota mensual puede ser de $60.00 como máximo.".into(),
        Rejection::FeeNotPositive => "La cuota mensual debe ser mayor que cero.".into(),
        Rejection::CaseNotFound => "Ningún caso de supervisión tiene este número DOC.".into(),
        Rejection::CaseAlreadyPlaced => "Este número DOC ya tiene un caso de supervisión.".into(),
        Rejection::EventBeforePlacement => {
            "Esa fecha es anterior al inicio de la supervisión.".into()
        }
        Rejection::EventInFuture => "Esa fecha está en el futuro.".into(),
        Rejection::CaseTooManyEvents => "Este caso tiene demasiados eventos.".into(),
        Rejection::CaseClosed => "El caso ya estaba cerrado en esa fecha.".into(),
        Rejection::AlreadyInProgram => "La persona ya está en un programa.".into(),
        Rejection::NotInProgram => "La persona no está en un programa en esa fecha.".into(),
        Rejection::AlreadyConfined => "La persona ya está confinada.".into(),
        Rejection::NotConfined => "La persona no está confinada en esa fecha.".into(),
        Rejection::AlreadyDeparted => "La persona ya salió de Missouri.".into(),
        Rejection::WaiverStartsBeforeRequest => {
            "Una dispensa no puede empezar antes del día en que se solicita; un supervisor puede fecharla antes, indicando por qué.".into()
        }
        Rejection::WaiverEndsBeforeStart => {
            "Una dispensa no puede terminar antes de su fecha de inicio.".into()
        }
        Rejection::WaiverOver90Days => {
            "Una dispensa dura 90 días como máximo, contando el primero y el último.".into()
        }
        Rejection::WaiverOverFee => {
            "El monto dispensado debe ser mayor que cero y no más que la cuota mensual.".into()
        }
        Rejection::NoWaiverInForce => "Ninguna dispensa está vigente en esa fecha.".into(),
        Rejection::WaiverNotEligible => {
            "La solicitud no cumple la prueba de ingresos insuficientes; no se puede enviar.".into()
        }
        Rejection::WaiverAlreadyRequested => {
            "Esta persona ya tiene una solicitud de dispensa pendiente de un supervisor.".into()
        }
        Rejection::WaiverRequestNotFound => {
            "Ninguna solicitud de dispensa pendiente tiene ese número.".into()
        }
        Rejection::NothingOwedCaseClosed => {
            "No se debe nada y el caso está cerrado: no se recibe ningún pago.".into()
        }
        Rejection::NothingOwedExempt(e) => format!(
            "No se debe nada: {}. No se recibe ningún pago hasta que se vuelva a cobrar la cuota.",
            match e {
                crate::domain::Exemption::Program => "no se cobra cuota mientras esté en un programa (CRC, RF, EMP)",
                crate::domain::Exemption::Confinement => "no se cobra cuota mientras esté confinado",
                crate::domain::Exemption::Interstate => "la supervisión pasó a otro estado, así que no se cobra cuota",
                crate::domain::Exemption::CaseType => "este tipo de caso no tiene cuota",
            }
        ),
        Rejection::PaymentInAdvance { opens_on } => format!(
            "Todavía no se debe nada: no se aceptan pagos por adelantado. El próximo pago se puede hacer desde el {}.",
            date(opens_on)
        ),
        Rejection::PaymentOverOwed { owed } => format!(
            "Eso es más de lo que se debe ahora (${owed}): no se aceptan pagos por adelantado."
        ),
        Rejection::FeeMonthInFuture => "Ese mes todavía no ha empezado.".into(),
        Rejection::Household(HouseholdError::NoPersons) => {
            "Cuente al menos una persona en el hogar.".into()
        }
        Rejection::Household(HouseholdError::TooManyPersons) => {
            "No es posible tantas personas en un hogar; revise el número.".into()
        }
        Rejection::Pin(p) => pin_problem(p).into(),
        Rejection::PasswordTooShort => "Una contraseña tiene de 8 a 128 caracteres.".into(),
        Rejection::LedgerUnavailable => {
            "No se pudo acceder al registro, así que no se guardó nada. Inténtelo de nuevo; si sigue pasando, llame al técnico.".into()
        }
        Rejection::PrintJobNotFound => "Ningún trabajo de impresión tiene ese número.".into(),
        Rejection::SettlementDateInFuture => "Ese día aún no ha llegado: una liquidación es de un día terminado.".into(),
        Rejection::AlreadySettled { stated } => format!(
            "Ese día ya se liquidó, con un total de {}: no se registró nada. Una liquidación se registra una sola vez.",
            stated.with_dollar_sign()
        ),
        Rejection::AlreadyWatched => "Ese remitente o recluso ya está en la lista de vigilancia.".into(),
        Rejection::NotWatched => "Ninguna entrada vigente de la lista de vigilancia tiene ese número.".into(),
        Rejection::ReviewDecisionUnknown => "Un depósito retenido se acepta, o se rechaza por uno de: suspected_fraud, sender_unverified, inmate_restricted, policy.".into(),
        Rejection::NotHeldForReview => "Ningún depósito retenido en espera de revisión tiene ese identificador.".into(),
        Rejection::SenderNameTooShort => "Escriba su nombre completo: al menos dos letras.".into(),
        Rejection::StreetInvalid => "Escriba su dirección: un número y el nombre de la calle.".into(),
        Rejection::CityStateZipInvalid => "Escriba la ciudad, el estado en dos letras y el código postal de 5 dígitos, así: Jefferson City, MO 65101".into(),
        Rejection::DocumentNumberInvalid => "Ese no es un número que tenga este tipo de documento: compárelo con el papel.".into(),
    }
}

/// Una fecha como se escribe aquí.
pub fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn pin_problem(p: PinProblem) -> &'static str {
    match p {
        PinProblem::NotSixDigits => "Un PIN tiene 6 dígitos.",
        PinProblem::OneDigitRepeated => "Un PIN no puede ser un solo dígito repetido.",
        PinProblem::Run => "Un PIN no puede ser una serie de dígitos como 123456.",
        PinProblem::FromDocNumber => "Un PIN no puede formarse con los dígitos del número DOC.",
    }
}

pub fn screen_hold(h: crate::domain::ScreenHold) -> &'static str {
    use crate::domain::ScreenHold;
    match h {
        ScreenHold::UnknownInmate => "interno desconocido",
        ScreenHold::WatchlistSender => "remitente vigilado",
        ScreenHold::WatchlistInmate => "interno vigilado",
        ScreenHold::SenderManyInmates => "remitente: muchos internos",
        ScreenHold::InmateManySenders => "interno: muchos remitentes",
        ScreenHold::HighAmount => "monto alto",
        ScreenHold::ChargebackOutstanding => "contracargo pendiente",
        ScreenHold::InmateMoved => "recluso trasladado a otro centro",
    }
}

pub fn hold_reason(r: HoldReason) -> &'static str {
    match r {
        HoldReason::DuplicateElsewhere => "el giro ya se ingresó en otro centro",
        HoldReason::InmateMoved => "el recluso fue trasladado a otro centro",
        HoldReason::UnknownSlip => "el número de comprobante no consta",
        HoldReason::UnknownInmate => "ningún recluso tiene este número DOC",
        HoldReason::NameMismatch => "el nombre no coincide con el número DOC",
        HoldReason::SenderNameMissing => "falta el nombre del remitente",
        HoldReason::SenderAddressMissing => "falta la dirección del remitente",
        HoldReason::AmountDiffersFromSlip => "el importe no coincide con el comprobante",
        HoldReason::WatchlistSender => "el remitente está en la lista de vigilancia",
        HoldReason::WatchlistInmate => "el recluso está en la lista de vigilancia",
        HoldReason::SenderManyInmates => "este remitente envió a más de 3 reclusos en 8 días",
        HoldReason::InmateManySenders => "más de 3 remitentes enviaron a este recluso en 8 días",
    }
}

pub fn not_business_day(r: NotBusinessDay) -> &'static str {
    match r {
        NotBusinessDay::Saturday => {
            "es sábado: los depósitos se contabilizan cada día hábil, de lunes a viernes"
        }
        NotBusinessDay::Sunday => {
            "es domingo: los depósitos se contabilizan cada día hábil, de lunes a viernes"
        }
        NotBusinessDay::Holiday => {
            "es feriado estatal: los depósitos se contabilizan el siguiente día hábil"
        }
    }
}

pub const PRINT: crate::strings::PrintWords = crate::strings::PrintWords {
    fee_balance: "Saldo adeudado",
    list_delinquent: "PERSONAS ATRASADAS",
    list_reminders: "RECORDATORIOS PENDIENTES",
    list_violations: "INFORMES DE VIOLACIÓN REQUERIDOS",
    as_of: "Al",
    offenders: "Personas",
    months_behind: "Meses de atraso",
    remind_by: "Recordar antes del",
    list_more: "... y {} más (vea la consola)",
    duplicate: "DUPLICADO",
    deposit_slip: "COMPROBANTE DE DEPÓSITO",
    visitor_stub: "TALÓN DEL VISITANTE",
    slip_number: "Número de comprobante",
    inmate: "Recluso",
    doc_number: "Número DOC",
    facility: "Centro",
    sender: "De",
    address: "Dirección",
    amount: "Monto del giro postal",
    date: "Fecha",
    kiosk: "Quiosco",
    attach: "ADJUNTE ESTE COMPROBANTE A SU GIRO POSTAL",
    lock_box_rules: "Ponga este comprobante y el giro postal juntos en el buzón. No se aceptan efectivo, cheques personales ni objetos personales.",
    posts_when: "Los fondos se acreditan con el lote del siguiente día hábil después de que el empleado reciba el giro postal.",
    keep_stub: "Guarde este talón. Su giro postal se acredita con el lote del siguiente día hábil; el número de comprobante de arriba lo identifica.",
    posting_receipt: "RECIBO DE DEPÓSITO",
    receipt_number: "Número de recibo",
    posted_on: "Acreditado el",
    deposit: "Depósito",
    chargeback: "Contracargo",
    moved_to: "Trasladado al sitio {}",
    moved_from: "Trasladado desde el sitio {}",
    balance_moved: "Saldo trasladado",
    less: "Menos",
    credited: "Acreditado a la cuenta",
    new_balance: "Saldo nuevo",
    fine: "multa",
    court_cost: "costas judiciales",
    restitution: "restitución",
    intervention_fee: "cuota de intervención",
    still_owed: "aún debe",
    voucher: "CUPÓN DE PAGO DE LA CUOTA DE INTERVENCIÓN",
    name: "Nombre",
    months_due: "Meses adeudados",
    amount_due: "Monto adeudado",
    pay_by: "Pague antes del",
    past_due_pay_now: "VENCIDO desde el {}: pague ya",
    send_to: "Envíe este cupón con un giro postal o cheque de caja (sin efectivo ni cheques personales) a:",
    send_to_no_address: "Ponga este cupón con un giro postal o cheque de caja (sin efectivo ni cheques personales) en el buzón de este vestíbulo, o envíelos por correo a su oficina de distrito.",
    voucher_code: "Código del cupón",
    voucher_rules: "Los pagos vencen el día 1 de cada mes o antes. Escriba su número DOC en el giro postal.",
    pin_slip: "SU PIN DEL QUIOSCO",
    your_pin: "PIN",
    pin_private: "Mantenga este PIN en privado. El personal nunca se lo pedirá. {} intentos fallidos lo bloquean por {} minutos.",
    statement: "ESTADO DE CUENTA MENSUAL",
    statement_number: "Estado de cuenta número",
    month: "Mes",
    opening_balance: "Saldo inicial",
    closing_balance: "Saldo final",
    total_deposits: "Total de depósitos",
    to_obligations: "A obligaciones",
    total_to_obligations: "Total a obligaciones",
    no_transactions: "No se acreditaron depósitos este mes.",
    reconciliation: "CONCILIACIÓN DEL DÍA",
    business_day: "Día hábil",
    lock_opening: "Inicial, sin acreditar",
    taken_in: "Recibidos",
    posted: "Acreditados por el lote",
    returned: "Devueltos",
    lock_closing: "Final, sin acreditar",
    batch_recorded: "Lo que registró el lote",
    batch_differs: "NO CUADRA: el lote registró otras cifras que las que asentaron sus transferencias",
    balanced: "Inicial + recibidos - acreditados - devueltos = final: CUADRA",
    not_balanced: "NO CUADRA: la diferencia es {}",
    concerned: "Giros afectados",
    day_open: "El día no está cerrado: estas cifras pueden cambiar.",
    audit_head: "Cabeza de la cadena de auditoría",
    test_page: "PÁGINA DE PRUEBA DE LA IMPRESORA",
    test_letters: "Todas las letras que usan los recibos:",
    printed_at: "Impreso",
};

pub const KIOSK: crate::strings::KioskWords = crate::strings::KioskWords {
    title: "QUIOSCO DEL VESTÍBULO",
    welcome_en: "Send money to an inmate by money order, or check your intervention fee.",
    welcome_es: "Envíe dinero a un recluso con giro postal, o consulte su cuota de intervención.",
    send_money: "Enviar dinero a un recluso",
    check_fee: "Consultar mi cuota de intervención",
    switch_language: "English",
    printer_ready: "Impresora lista",
    printer_paper_low: "Impresora lista (queda poco papel)",
    printer_paper_out: "IMPRESORA SIN PAPEL",
    printer_cover_open: "TAPA DE LA IMPRESORA ABIERTA",
    printer_offline: "IMPRESORA FUERA DE LÍNEA",
    printer_no_answer: "LA IMPRESORA NO RESPONDE",
    printer_not_connected: "IMPRESORA NO CONECTADA",
    cannot_print: "La impresora no puede imprimir ahora, así que no se pueden hacer comprobantes. Por favor, vea al empleado.",
    enter_doc: "Escriba el número DOC del recluso",
    enter_your_doc: "Escriba SU número DOC",
    doc_hint: "De 1 a 8 dígitos, luego Enter",
    enter_last_name: "Escriba el APELLIDO del recluso",
    last_name_hint: "Use el teclado o las letras de abajo; elija OK al terminar",
    confirm_inmate: "¿Es esta la persona a quien envía dinero?",
    confirm_question: "Enter = Sí     Esc = No",
    yes: "Sí",
    no: "No",
    enter_sender_name: "Escriba SU nombre completo (el remitente)",
    enter_street: "Escriba SU dirección (calle y número)",
    enter_city_line: "Escriba SU ciudad, estado y código postal",
    address_hint: "Obligatorio: el giro se devuelve aquí si no se puede acreditar",
    enter_amount: "Escriba el monto del giro postal",
    amount_hint: "Dólares y centavos, como 50.00 (máximo $999.99 por giro)",
    review: "Revise todo antes de imprimir",
    add_another: "Agregar otro giro postal",
    print_slips: "Imprimir mis comprobantes",
    change_amounts: "Empezar de nuevo",
    amounts_label: "Giros postales",
    inmate_label: "Recluso",
    sender_label: "De",
    address_label: "Dirección",
    total_label: "Total",
    printing_slips: "Imprimiendo sus comprobantes...",
    printed_instructions: "Ponga cada comprobante JUNTO con su giro postal en el buzón.",
    no_cash_rule: "No se aceptan efectivo, cheques personales ni objetos personales.",
    posts_when: "Los fondos se acreditan con el lote del siguiente día hábil.",
    slip_numbers: "Sus números de comprobante",
    done: "Terminar",
    back: "Atrás",
    ok: "OK",
    space: "Espacio",
    delete: "Borrar",
    enter_pin: "Escriba su PIN de 6 dígitos",
    pin_hint: "Su PIN no se muestra en la pantalla",
    checking: "Verificando...",
    not_accepted: "No se aceptaron el número DOC y el PIN. Tras {} intentos fallidos la cuenta se bloquea por {} minutos. Vea al empleado si necesita ayuda.",
    status_current: "AL DÍA: ningún pago atrasado",
    status_delinquent: "ATRASADO",
    months_in_arrears: "{} mes(es) de atraso",
    waiver_in_force: "Una dispensa de ${} al mes está vigente hasta el {}",
    exempt_program: "Sin cobro mientras esté en un programa (CRC, RF, EMP)",
    exempt_confinement: "Sin cobro mientras esté confinado",
    exempt_interstate: "Sin cobro: la supervisión pasó a otro estado",
    exempt_case_type: "Sin cobro: este tipo de caso no tiene cuota",
    balance: "Saldo",
    next_due: "Próximo pago vence",
    delinquent_from: "Atrasado desde",
    activity: "Los últimos 12 meses",
    month_col: "Mes",
    assessed_col: "Cuota",
    waived_col: "Dispensa",
    paid_col: "Pagado",
    card_fee_for_balance: "Pagar ${} con tarjeta en línea cuesta ${} más (${} en total)",
    print_voucher: "Imprimir cupón de pago",
    status_closed: "CASO CERRADO el {}",
    absconded_contact: "Su caso indica que se dio a la fuga: comuníquese ya con su oficial de libertad condicional o probatoria.",
    due_now: "{} está vencido y se debe ahora (atrasado desde el {})",
    waiver_no_payment: "No se debe ningún pago mientras la dispensa esté vigente (hasta el {}).",
    no_voucher: "No se debe nada, así que no hay cupón que imprimir.",
    change_amount: "Corrija el giro {}: escriba su monto",
    voucher_cannot_print: "La impresora no puede imprimir su cupón ahora ({}). Inténtelo de nuevo en un momento o vea al empleado.",
    slips_not_printed: "Sus comprobantes están guardados, pero no se imprimieron.",
    not_billed: "Sin cobro",
    keys_hint_letters: "Escriba, o elija letras con las flechas y Enter; Retroceso = borrar, Esc = atrás",
    or_print_here: "Si la impresora vuelve a estar lista antes de irse, pulse 1 para imprimirlos aquí.",
    print_again: "Imprimir aquí mis comprobantes",
    printer_back: "La impresora está lista otra vez: pulse 1 para imprimir aquí sus comprobantes.",
    cannot_print_char: "La impresora de comprobantes no puede imprimir «{}», así que se omitió: escríbalo sin la marca o con letras del alfabeto inglés.",
    choose_money_order: "¿Qué giro quiere cambiar o quitar? Pulse su número.",
    change_one: "Cambiar o quitar un giro",
    change_amount_hint: "Para quitarlo, borre el monto y pulse OK. Esc lo deja como estaba.",
    ten_at_most: "Diez giros como máximo en una visita: imprima estos y luego empiece otra visita para más.",
    start_over_ask: "Pulse Empezar de nuevo otra vez para descartar estos giros; cualquier otra tecla los conserva.",
    lookup_failed: "No pudimos consultar esto en este momento y no se guardó nada. Inténtelo de nuevo en un momento o vea al empleado.",
    slips_not_saved: "No se pudieron guardar sus comprobantes, así que no se imprimió nada. Pulse Imprimir de nuevo o vea al empleado.",
    voucher_not_printed: "No se pudo imprimir el cupón. Por favor, vea al empleado.",
    voucher_printed: "Su cupón de pago se está imprimiendo. Envíelo con un giro postal o cheque de caja.",
    idle_warning: "¿Sigue ahí? Volviendo al inicio en {} s. Pulse cualquier tecla para seguir.",
    touch_to_continue: "Pulse cualquier tecla o toque la pantalla",
    too_small: "Pantalla demasiado pequeña: este quiosco necesita al menos 80 x 24. Las teclas y los toques no cuentan hasta que sea más grande.",
    busy: "Espere, por favor",
    digits_only: "Use solo los dígitos del 0 al 9.",
    control_removed: "Algunos caracteres no se pueden usar y se omitieron.",
    too_long: "Es demasiado largo; se omitió el resto.",
    name_mismatch: "El número DOC y el apellido no coinciden. Revise ambos e intente de nuevo.",
    moved_away: "Esta persona fue trasladada a {}. Envíe allí los giros para ella; este quiosco no puede hacerle un comprobante.",
    inmate_unknown: "El número DOC y el apellido no coinciden. Revise ambos e intente de nuevo.",
    amount_over_limit: "Un giro postal puede ser de $999.99 como máximo. Use varios giros para más.",
    print_problem: "La impresora se detuvo ({}). Sus comprobantes están guardados, pero no se imprimieron.",
    slips_at_the_clerk: "No ponga nada en el buzón todavía. Por favor, vea al empleado, que le imprimirá sus comprobantes: {}.",
    technician: "Técnico: inicie sesión para cerrar el quiosco",
    tech_user: "Usuario del empleado",
    tech_password: "Contraseña",
    tech_refused: "No aceptado.",
    demo_exit: "DEMO: para salir, pulse F12, luego usuario clerk, contraseña demo-clerk",
    keys_hint: "Dígitos, Enter = OK, Retroceso = borrar, Esc = atrás, flechas = mover",
    scroll_hint: "Arriba/Abajo para desplazar",
    nothing_owed: "No se debe nada ahora.",
    no_activity: "Todavía no hay meses facturados.",
};

pub const SPEECH: crate::strings::SpeechWords = crate::strings::SpeechWords {
    welcome_keys: "Voz: pulse * (asterisco).  Letra grande: pulse 0.",
    welcome_large_key: "Letra grande: pulse 0.",
    welcome_keys_large_on: "Voz: pulse * (asterisco).  Letra grande ACTIVADA: pulse 0 para quitarla.",
    welcome_large_key_on: "Letra grande ACTIVADA: pulse 0 para quitarla.",
    speech_on: "La voz está activada. Pulse asterisco para escuchar esto de nuevo, barra para desactivar la voz, más para cambiar el volumen.",
    speech_off: "Voz desactivada.",
    volume: "Volumen {} de {}.",
    press: "Pulse {}: {}.",
    typed: "Escrito hasta ahora: {}.",
    nothing_typed: "Todavía no ha escrito nada.",
    pin_digits_typed: "{} de 6 dígitos escritos.",
    digit: "dígito",
    deleted: "Borrado {}.",
    entry_keys: "Pulse Enter al terminar, o Escape para volver.",
    letters_keys: "Escriba con el teclado y pulse Enter. Retroceso borra, Escape vuelve.",
    confirm_keys: "Pulse 1 o Enter para sí; pulse 2 o Escape para no.",
    doc_number: "Número del DOC {}.",
    money_order_n: "Giro {}: {}.",
    dollars: "{} dólares",
    one_dollar: "1 dólar",
    cents: "{} centavos",
    one_cent: "1 centavo",
    and: "con",
    minus: "menos",
    idle_warning: "¿Sigue ahí? Volviendo al inicio en {} segundos. Pulse cualquier tecla para seguir.",
    months_keys: "Pulse las flechas arriba y abajo para escuchar los meses uno a uno.",
    month_row: "{}: cuota {}, dispensa {}, pagado {}.",
    done_key: "Pulse Enter cuando termine.",
    large_on: "Letra grande activada.",
    large_off: "Letra grande desactivada.",
    months: [
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
        "octubre", "noviembre", "diciembre",
    ],
    date: "{day} de {month} de {year}",
    space: "espacio",
};

pub const CLERK: crate::strings::ClerkWords = crate::strings::ClerkWords {
    preview_done: "La acreditación de este día hábil ya se hizo. {} giro(s) recibidos después esperan la del próximo día hábil.",
    preview_later: "{} más, recibidos después de empezar esta acreditación, esperan la del próximo día hábil.",
    keys_back: "Esc = volver",
    col_age: "Edad",
    age_days: "{} d",
    no_offender: "Ningún nombre coincide. Escriba un número DOC o parte del nombre.",
    pick_offender: "Arriba/Abajo para elegir, Enter para abrir:",
    preview_split: "Para {} interno(s): {} a obligaciones, {} a cuentas de fondos.",
    posting_keys: "Enter: acreditar, Arriba/Abajo: desplazar, Esc: volver",
    col_to_trust: "A la cuenta",
    list_queued: "La lista se envió a la impresora del mostrador.",
    title: "CONSOLA DEL EMPLEADO",
    sign_in: "Iniciar sesión",
    user: "Usuario",
    password: "Contraseña",
    sign_in_refused: "No aceptado. Tras {} contraseñas erróneas la cuenta se bloquea por {} minutos.",
    locked: "Bloqueada tras {} minutos sin uso. {}: escriba su contraseña para seguir; su trabajo se conserva.",
    menu_intake: "Recepción del buzón",
    menu_holds: "Giros retenidos",
    menu_posting: "Acreditación del día",
    menu_sign_out: "Cerrar sesión",
    tally: "Esta sesión: {} giro(s), {} en total, {} retenido(s)",
    intake: "Recepción: escanee o escriba el número de comprobante, luego emisor, serie y monto",
    f_slip: "Número de comprobante",
    f_issuer: "Emisor",
    f_serial: "Número de serie",
    f_amount: "Monto",
    f_date: "Fecha del giro",
    f_doc: "Número DOC (sin comprobante)",
    f_name: "Nombre del recluso (sin comprobante)",
    f_sender: "Remitente (sin comprobante)",
    f_address: "Dirección del remitente (sin comprobante)",
    slip_on_file: "Comprobante en archivo: {}",
    slip_used: "Este comprobante ya se asignó a un giro.",
    confirm_intake: "¿Recibir este giro? Enter = sí, Esc = no",
    ready: "Recibido, listo para acreditar: {}",
    held: "Recibido y RETENIDO: {}",
    refused: "Rechazado, no se escribió nada: {}",
    holds: "Giros retenidos ({} abiertos)",
    holds_hint: "Arriba/Abajo, / buscar, F motivo, O recientes/antiguos primero, R liberar, T devolver (supervisores), Esc volver",
    col_mo: "Giro",
    col_amount: "Monto",
    col_item: "Emisor / serie",
    col_for: "Para",
    col_reason: "Motivo",
    col_since: "Retenido el",
    no_holds: "Ningún giro está retenido.",
    note: "Nota para la auditoría (obligatoria), luego Enter",
    confirm_release: "¿Liberar el giro {} ({}) para acreditarlo? Enter = sí, Esc = no",
    confirm_return: "¿Devolver el giro {} ({}) al remitente? Sale del libro. Enter = sí, Esc = no",
    released: "Liberado: se acredita con el próximo lote.",
    returned: "Devuelto al remitente.",
    nothing_selected: "Elija primero un giro.",
    posting: "Acreditación del día {}",
    preview: "{} giro(s) y {} depósito(s) electrónico(s) listos, {} en total. La parte de cada recluso va primero a sus obligaciones; cada uno recibe un recibo.",
    confirm_posting: "¿Acreditar ahora? No se puede deshacer. Enter = sí, Esc = no",
    running: "Acreditando... {} de {}",
    posted: "Se acreditaron {} giro(s) y {} depósito(s) electrónico(s), {} en total. Los recibos esperan en la impresora del mostrador.",
    already: "El lote de este día ya había terminado: no se acreditó nada nuevo.",
    not_business_day: "Hoy no se acredita: {}.",
    keys: "Enter = siguiente, Arriba/Abajo = campo, Retroceso = borrar, Esc = volver",
    busy: "Espere, por favor",
    discard_hint: "F2: registrar un objeto que no es giro (efectivo, cheque personal, objeto personal) con su importe y comprobante",
    discard_choose: "No es giro: 1 efectivo, 2 cheque personal (ambos con el importe escrito arriba, y el comprobante si lo hay), 3 objeto personal (Esc: cancelar)",
    discarded_ok: "Registrado con su importe y comprobante; no se aceptó, no se movió dinero y el comprobante ya no sirve para ningún giro.",
    rep_delinquent: "Personas atrasadas: {} (sin derecho a supervisión mínima, traslado interestatal ni baja anticipada)",
    rep_reminders: "Recordatorios pendientes: {} (dentro de 10 días hábiles del último impago)",
    rep_violations: "Informes de violación requeridos: {} (3 o más meses de atraso)",
    rep_keys: "D atrasados, M recordatorios, V violaciones, O orden, P imprimir, Arriba/Abajo desplazar, R conciliación, Esc volver",
    col_name: "Nombre",
    col_balance: "Saldo",
    col_months: "Meses",
    col_remind_by: "Recordar",
    pin_hint: "F4 PIN nuevo (impreso una vez en la impresora del mostrador), F5 solicitud de dispensa, F6 evento del caso, Esc otra persona",
    pin_confirm: "¿Emitir un PIN nuevo del quiosco para {}? El anterior deja de servir. Enter = sí, Esc = no",
    pin_printed: "Se imprimió un PIN nuevo en el comprobante de PIN. No se guarda en ningún otro lugar.",
    pin_not_printed: "Se cambió el PIN pero falló la impresora: emita otro PIN cuando la impresora funcione.",
    pin_refused: "No se pudo emitir un PIN para este número DOC.",
    menu_fee_desk: "Ventanilla de cuotas",
    menu_reports: "Conciliación del día",
    menu_reprint: "Reimprimir un recibo, comprobante, estado de cuenta o comprobante de pago",
    fee_find: "Número DOC o nombre de la persona, o escanee el cupón de pago",
    fee_account: "{} ({}): saldo {}, pagable hoy {}, {} mes(es) de atraso",
    fee_amount: "Monto del pago",
    fee_money_order: "Giro postal (F3: cambiar a cheque de caja)",
    fee_cashiers_check: "Cheque de caja (F3: cambiar a giro postal)",
    fee_confirm: "¿Registrar un pago de {} para {}? Enter = sí, Esc = no",
    fee_paid: "Pago registrado. Saldo ahora {}.",
    reports: "Conciliación del día {} (P la imprime, S estado de cuenta de un interno, D/M/V listas para oficiales, Esc volver)",
    r_opening: "Inicial: recibido, sin acreditar",
    r_taken_in: "Giros recibidos",
    r_posted: "Acreditados por el lote del día",
    r_returned: "Devueltos a sus remitentes",
    r_closing: "Final: recibido, sin acreditar",
    r_batch: "Lo que registró el lote",
    r_batch_differs: "NO CUADRA: el lote registró otras cifras que las que asentaron sus transferencias",
    console_too_small: "Pantalla demasiado pequeña: la consola necesita al menos 80 x 24. Agrande la ventana; las teclas pulsadas mientras tanto no cuentan.",
    posting_changed: "No se asentó nada: lo listo cambió desde que confirmó. Ahora {} partida(s), {}. Revíselo y confirme de nuevo.",
    r_balanced: "CUADRA: inicial + recibidos - acreditados - devueltos = final",
    r_not_balanced: "NO CUADRA: la diferencia es {}; giros afectados: {}",
    r_day_open: "El día aún no está cerrado: estas cifras pueden cambiar.",
    r_audit: "Cabeza de la cadena de auditoría",
    recon_queued: "La conciliación espera en la impresora del mostrador.",
    reprint: "Reimprimir: el número impreso en el papel (o escanéelo), Izquierda/Derecha el tipo de documento, Enter para buscarlo, Esc volver",
    reprint_confirm: "¿Imprimir de nuevo {} en la impresora del mostrador, marcado DUPLICADO? Enter = sí, Esc = no",
    reprinted: "Enviado a la impresora del mostrador, marcado DUPLICADO.",
    menu_waivers: "Solicitudes de dispensa",
    home_hint: "1-9 o Arriba/Abajo y Enter. L: in English",
    role_supervisor: "supervisor",
    none: "ninguna",
    fee_line: "Cuota mensual {}; próximo vencimiento {}",
    fee_delinquent: "Atrasado desde {}",
    fee_current: "Al corriente: nada vencido",
    fee_waiver: "Dispensa vigente: {} al mes hasta {}",
    fee_closed: "Caso cerrado el {}",
    waiver_title: "Solicitud de dispensa de {} ({}): ingresos insuficientes",
    w_persons: "Personas en la unidad familiar",
    w_income: "Ingreso mensual del hogar (verificado)",
    w_employment: "Empleo (Izquierda/Derecha)",
    w_from: "Dispensa desde (AAAA-MM-DD)",
    w_to: "Dispensa hasta (90 días como máximo)",
    w_amount: "Monto dispensado cada mes",
    w_income_note: "Los cupones de alimentos y la ayuda de vivienda no son ingresos.",
    w_eligible: "Elegible: el ingreso {} no pasa del límite {} para {} persona(s).",
    w_not_eligible: "No elegible: el ingreso {} pasa del límite {} para {} persona(s).",
    w_capable: "No elegible: sin empleo pero capaz de trabajar.",
    w_confirm: "¿Enviar una solicitud de dispensa de {}: {} al mes del {} al {}, para que la apruebe un supervisor? Enter = sí, Esc = no",
    waiver_sent: "Solicitud de dispensa {} enviada. Un supervisor la aprueba o rechaza en Solicitudes de dispensa.",
    waivers_title: "Solicitudes de dispensa pendientes: {}",
    waivers_hint: "Arriba/Abajo elegir, A aprobar, X rechazar (supervisores), Esc volver",
    no_waivers: "No hay solicitudes de dispensa pendientes.",
    col_from: "Desde",
    col_to: "Hasta",
    col_income: "Ingreso / límite",
    col_by: "Por",
    confirm_approve: "¿Aprobar la solicitud {} de {}: {} al mes del {} al {}? Enter = sí, Esc = no",
    confirm_reject: "¿Rechazar la solicitud {} de {}? Enter = sí, Esc = no",
    waiver_approved: "Dispensa aprobada y registrada en el caso.",
    waiver_rejected: "Solicitud de dispensa rechazada.",
    supervisor_only: "Solo un supervisor puede aprobar o rechazar una solicitud de dispensa.",
    holds_supervisor_only: "Solo un supervisor puede liberar o devolver un giro postal retenido: pida a uno que inicie sesión.",
    signed_out: "Sesión cerrada. El siguiente empleado inicia sesión; Esc sin nombre cierra la consola.",
    menu_review: "Depósitos electrónicos retenidos",
    review_title: "Depósitos electrónicos retenidos para revisión: {}",
    review_hint: "Arriba/Abajo, A aceptar, X rechazar (superv.), Esc volver. ⚠ 3+ días hábiles",
    no_review: "Ningún depósito electrónico espera revisión.",
    review_sender_window: "Remitente, 8 días: {} depósito(s) a {} interno(s), {}",
    review_inmate_window: "Interno, 8 días: {} depósito(s) de {} remitente(s), {}",
    review_not_on_file: "no registrado",
    review_age: "{} día(s) hábil(es)",
    review_pick_reason: "¿Por qué se rechaza? Vuelve al procesador. Pulse 1-4, Esc volver.",
    confirm_review_accept: "¿Aceptar {} ({} para {})? Se acredita con el próximo lote. Enter = sí, Esc = no",
    confirm_review_reject: "¿Rechazar {} ({} para {}) por {}? Vuelve al procesador. Enter = sí, Esc = no",
    review_accepted: "Aceptado: se acredita con el próximo lote.",
    review_rejected: "Rechazado: figura hoy en la lista de devolución al procesador.",
    review_supervisor_only: "Solo un supervisor puede aceptar o rechazar un depósito retenido: pida a uno que inicie sesión.",
    reason_suspected_fraud: "Sospecha de fraude",
    reason_sender_unverified: "No se pudo verificar al remitente",
    reason_inmate_restricted: "El interno no puede recibir depósitos",
    reason_policy: "Contra la política",
    col_received: "Recibido",
    col_why: "Motivo",
    outcome_accepted: "aceptado",
    outcome_held: "retenido",
    outcome_refused: "rechazado",
    outcome_money_order: "giro postal",
    st_chargeback: "Contracargo:",
    st_moved_to: "Trasladado al sitio {}",
    st_moved_from: "Trasladado desde el sitio {}",
    kiosk_slips_waiting: "Comprobantes del quiosco sin imprimir: {}; Reimprimir (6) aquí.",
    fee_paid_unread: "Pago registrado. No se pudo leer el nuevo saldo: busque a la persona de nuevo antes de recibir nada más.",
    waiver_backdated: "Empieza antes de la solicitud ({}): el motivo está en la auditoría.",
    release_amount_differs: "El giro es por {}, su comprobante dice {}: libérelo solo si el remitente lo confirmó.",
    holds_matching: "Giros retenidos ({} coinciden)",
    return_title: "Devolver el giro {} ({}) a su remitente: sale del registro.",
    w_reason: "Por qué empieza antes de hoy (auditado)",
    issuer_suggestion: "Enter: {}",
    issuer_keys: "Teclas: {}; o escriba el comienzo de un nombre",
    desk_waiting: "{} por imprimir",
    sync_ok: "Central: sincronizado hace {}",
    sync_stale: "CENTRAL: {} EN ESPERA, ÚLTIMA SINCRONIZACIÓN HACE {}",
    sync_never: "Central: nunca sincronizado, {} en espera",
    sync_minutes: "{} min",
    sync_hours: "{} h",
    sync_days: "{} días",
    desk_states: ["Impresora del mostrador lista", "Impresora del mostrador lista (queda poco papel)", "IMPRESORA DEL MOSTRADOR SIN PAPEL", "TAPA DE LA IMPRESORA DEL MOSTRADOR ABIERTA", "IMPRESORA DEL MOSTRADOR FUERA DE LÍNEA", "LA IMPRESORA DEL MOSTRADOR NO RESPONDE", "IMPRESORA DEL MOSTRADOR NO CONECTADA"],
    document_not_found: "No se imprimió aquí ningún {} con ese número: revise el número y el tipo (Izquierda/Derecha).",
    reprint_last: "Última reimpresión: {}",
    reprint_named: "{} {} (impreso el {})",
    reprint_kinds: ["Recibo", "Comprobante de depósito", "Estado de cuenta", "Comprobante de pago"],
    no_inmate: "Ningún interno tiene ese nombre. Escriba un número DOC o parte del nombre.",
    reason_short: ["comprobante desconocido", "DOC desconocido", "nombre distinto", "sin remitente", "sin dirección", "monto distinto", "remitente vigilado", "recluso vigilado", "remitente: 4+ reclusos", "recluso: 4+ remitentes", "ingresado en otro centro", "recluso trasladado"],
    release_confirm: "Enter = liberarlo para contabilizar, Esc = volver al formulario",
    release_note: "Nota: {}",
    release_name_differs: "El nombre escrito, \"{}\", no es el registrado, {}: libérelo solo si lo verificó.",
    release_from: "Remitente: {}, {}.",
    release_to: "Liberar el giro {} ({}) a {} {}, {}.",
    release_keys: "Arriba/Abajo campo, Enter siguiente (el último comprueba el número DOC), Esc volver",
    release_labels: ["Número DOC", "Nombre del remitente", "Dirección del remitente", "Nota para la auditoría"],
    release_written: "Como se recibió: DOC {} {}, de {}, {}. Indique lo que falta:",
    release_title: "Liberar el giro {} ({}), retenido: {}",
    no_holds_found: "Ningún giro retenido coincide. Esc borra la búsqueda; F muestra todos los motivos.",
    holds_every_reason: "Todos los motivos",
    holds_pick_reason: "¿Qué retenciones? Arriba/Abajo, Enter o la tecla de la línea; Esc: sin cambio",
    holds_search_hint: "Escriba un número DOC, un nombre, un número de serie o de comprobante; Enter busca, Esc borra",
    holds_search: "búsqueda: {}",
    digits_only: "Este campo lleva solo dígitos.",
    not_an_amount: "Un monto lleva solo dígitos y un punto, como 30.00: aquí no se escriben letras.",
    read_names: ["la cola de retenciones", "lo que se contabilizaría hoy", "la conciliación del día", "la lista para los oficiales", "los nombres de los infractores", "las solicitudes de dispensa", "los depósitos electrónicos retenidos"],
    read_failed_hint: "No se muestra nada en su lugar: una lista vacía aquí no sería la verdad. Enter lo intenta de nuevo, Esc vuelve; si sigue fallando, llame al técnico.",
    read_failed: "No se pudo leer {} del registro.",
    slip_not_on_file: "No hay ningún comprobante con este número; no se guardó nada. Recibido con este número queda retenido para verificarlo; o borre el número para escribir el giro a mano.",
    event_title: "Evento del caso de {} ({})",
    event_date: "Fecha (AAAA-MM-DD)",
    event_keys: "Arriba/Abajo evento, Izquierda/Derecha programa, Enter registrar, Esc volver",
    event_confirm: "¿Registrar \"{}\" el {} para {}? Enter = sí, Esc = no",
    event_recorded: "Evento del caso registrado.",
    statement_title: "Estado de cuenta del interno",
    st_doc: "Interno (número DOC o nombre)",
    st_month: "Mes (AAAA-MM)",
    st_head: "{} ({}), {}: saldo inicial {}, depósitos {}, a obligaciones {}, saldo final {}",
    st_keys: "Arriba/Abajo desplazar, P imprimir en el mostrador, Esc otro",
    st_none: "No se registró ningún depósito este mes.",
    col_date: "Fecha",
    col_receipt: "Recibo",
    col_sender: "Remitente",
    col_deposit: "Depósito",
    col_to_obligations: "A obligaciones",
    col_credited: "Acreditado",
    statement_queued: "Estado de cuenta enviado a la impresora del mostrador.",
    sorted_by: "Orden: {} (O lo cambia)",
    employment_names: ["Con empleo", "Sin empleo, capaz de trabajar", "Incapaz de trabajar (discapacidad, enfermedad)"],
    event_names: ["Inicio de programa", "Fin de programa", "Confinado", "Liberado", "Salió de Missouri (interestatal)", "Prófugo", "Caso cerrado", "Dispensa revocada"],
    program_names: ["centro de liberación comunitaria (CRC)", "centro residencial (RF)", "monitoreo electrónico (EMP)"],
    sort_names: ["mayor saldo primero", "más meses primero", "número DOC", "nombre"],
};
