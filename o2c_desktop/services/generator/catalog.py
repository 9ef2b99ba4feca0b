"""Fixed reference data of the fictional supplier: products, prices, parties, places.

Prices and demand shares per clave follow DOMAIN.md §5 and §9; names and identifier shapes follow
§9.1. Everything here is constant, so the world only varies through the seed.
"""

from __future__ import annotations

from dataclasses import dataclass

SUPPLIER_RFC = "FDE200101AB1"
SUPPLIER_NAME = "Farmacéutica Demo S.A. de C.V."
SUPPLIER_NAME_40 = "FARMACEUTICA DEMO"  # CFDI 4.0 names carry no legal-form suffix
SUPPLIER_NAME_33 = "FARMACEUTICA DEMO SA DE CV"
# How demand files and provider reports name the supplier in their headers.
SUPPLIER_HEADER_NAME = "FARMACEUTICA DEMO"
PREI_USER = "demo.proveedor"
OAP_FILE_SUPPLIER = "Farmaceutica Demo"

IMSS_RFC = "IMS421231I45"
IMSS_NAME = "INSTITUTO MEXICANO DEL SEGURO SOCIAL"
IMSSB_RFC = "SSI230831FN4"
IMSSB_NAME = "SERVICIOS DE SALUD DEL INSTITUTO MEXICANO DEL SEGURO SOCIAL PARA EL BIENESTAR"
INSABI_RFC = "ISB200101MN2"
INSABI_NAME = "INSTITUTO DE SALUD PARA EL BIENESTAR"

TENDER = "LA-012M7B997-E115-2022"
PROVIDER_A = "Provider A"
PROVIDER_B = "Provider B"
PROVIDER_SWITCH_DAY = "2025-06-30"


@dataclass(frozen=True)
class Product:
    clave: str  # canonical ddd.ddd.dddd.dd
    price: int
    demand_weight: float  # share of demanded pieces (DOMAIN §9 Demand)
    description: str

    @property
    def spaced(self) -> str:
        """`010 000 4411 00 00` as SAI orders, CFDI and ERP write it (a trailing `00` pair)."""
        return self.clave.replace(".", " ") + " 00"

    @property
    def hyphenated(self) -> str:
        """`010-000-4411-00-00` as SAI altas write it."""
        return self.spaced.replace(" ", "-")


PRODUCTS: tuple[Product, ...] = (
    Product(
        "010.000.4411.00",
        83,
        2_039_197,
        "LATANOPROST.SOLUCIÓN OFTÁLMICA Cada ml contiene: Latanoprost 50 µg Envase con "
        "frasco gotero con 2.5 ml.",
    ),
    Product(
        "010.000.0246.00",
        69,
        752_458,
        "PROPOFOL. EMULSION INYECTABLECada ampolleta o frasco ámpula contiene: Propofol 200 mg. "
        "Envase con 5 ampolletas o frascos ámpula de 20 mL.",
    ),
    Product(
        "010.000.4224.00",
        207,
        305_359,
        "ENOXAPARINA.SOLUCIÓN INYECTABLE Cada jeringa contiene: Enoxaparina sódica 60 mg "
        "Envase con 2 jeringas de 0.6 ml.",
    ),
    Product(
        "010.000.4242.00",
        111,
        203_388,
        "ENOXAPARINA.SOLUCIÓN INYECTABLE Cada jeringa contiene: Enoxaparina sódica 20 mg "
        "Envase con 2 jeringas de 0.2 ml.",
    ),
    Product(
        "010.000.4154.00",
        207,
        138_254,
        "VASOPRESINA.Solución Inyectable Cada ampolleta contiene: Vasopresina 20 UI Envase con "
        "una ampolleta.",
    ),
    Product(
        "010.000.5319.01",
        327,
        4_076,
        "DUTASTERIDA.CÁPSULA Cada cápsula contiene: Dutasterida 0.5 mg Envase con 90 cápsulas.",
    ),
)

# IMSS delegations 01-38 (some states hold two delegations), as seen in unit names.
DELEGATIONS: tuple[str, ...] = (
    "AGUASCALIENTES",
    "BAJA CALIFORNIA NORTE",
    "BAJA CALIFORNIA SUR",
    "CAMPECHE",
    "COAHUILA",
    "COLIMA",
    "CHIAPAS",
    "CHIHUAHUA",
    "DF NORTE",
    "DF SUR",
    "DURANGO",
    "GUANAJUATO",
    "GUERRERO",
    "HIDALGO",
    "JALISCO",
    "ESTADO DE MEXICO ORIENTE",
    "ESTADO DE MEXICO PONIENTE",
    "MICHOACAN",
    "MORELOS",
    "NAYARIT",
    "NUEVO LEON",
    "OAXACA",
    "PUEBLA",
    "QUERETARO",
    "QUINTANA ROO",
    "SAN LUIS POTOSI",
    "SINALOA",
    "SONORA",
    "TABASCO",
    "TAMAULIPAS",
    "TLAXCALA",
    "VERACRUZ NORTE",
    "VERACRUZ SUR",
    "YUCATAN",
    "ZACATECAS",
    "DF ORIENTE",
    "DF PONIENTE",
    "SONORA SUR",
)

# Hospital (UMAE) unit types and their names; the pharmacy reception code is 200203.
HOSPITAL_TYPES: tuple[tuple[str, str], ...] = (
    ("1001", "UMAE HOSPITAL DE ESPECIALIDADES C.M.N.O."),
    ("1101", "UMAE HOSPITAL DE CARDIOLOGIA - FARMACIA"),
    ("1201", "UMAE HOSPITAL DE GINECO OBSTETRICIA"),
    ("1301", "UMAE HOSPITAL DE TRAUMATOLOGIA Y ORTOPEDIA"),
    ("1401", "UMAE HOSPITAL DE ONCOLOGIA - FARMACIA"),
    ("1801", "UMAE HOSPITAL GENERAL C.M.N. LA RAZA"),
    ("1901", "UMAE PEDIATRÍA C.M.N. SIGLO XXI - FARMACIA"),
    ("1902", "UMAE HOSPITAL DE ESPECIALIDADES C.M.N. SIGLO XXI"),
    ("2101", "UMAE HOSPITAL DE ESPECIALIDADES NO. 25"),
)

# Two-letter state codes used by CLUES, indexed by the IMSS-B state number EE (02-32).
CLUES_STATES: tuple[str, ...] = (
    "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC",
    "MC", "MN", "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS",
    "TL", "VZ", "YN", "ZS",
)  # fmt: skip

STATE_NAMES: tuple[str, ...] = (
    "AGUASCALIENTES", "BAJA CALIFORNIA", "BAJA CALIFORNIA SUR", "CAMPECHE", "COAHUILA",
    "COLIMA", "CHIAPAS", "CHIHUAHUA", "CIUDAD DE MÉXICO", "DURANGO", "GUANAJUATO", "GUERRERO",
    "HIDALGO", "JALISCO", "MÉXICO", "MICHOACÁN", "MORELOS", "NAYARIT", "NUEVO LEÓN", "OAXACA",
    "PUEBLA", "QUERÉTARO", "QUINTANA ROO", "SAN LUIS POTOSÍ", "SINALOA", "SONORA", "TABASCO",
    "TAMAULIPAS", "TLAXCALA", "VERACRUZ", "YUCATÁN", "ZACATECAS",
)  # fmt: skip

# IMSS-B institution prefixes other than IMB / U00 (DOMAIN §9.1).
IMSSB_MINOR_INSTITUTIONS: tuple[str, ...] = (
    "HOS", "HJM", "EPY", "HCT", "HGT", "HGM", "CAN", "HNO", "HGS", "HEP", "HBA", "MFB",
    "HMT", "NER", "HAB", "HAE", "AEV", "HEC",
)  # fmt: skip

CONTRACT_HOSPITAL_SUFFIXES: tuple[str, ...] = (
    "-HJM", "-INER", "-HGM", "-HRAEPY", "-HEP", "-INCAN", "-HGEA",
)  # fmt: skip

PREI_BUSINESS_UNITS: tuple[str, ...] = (
    *(f"{i:05d}" for i in range(1, 38)),
    "01101", "01401", "02002", "02201", "02701", "03101", "03601", "03702",
)  # fmt: skip
