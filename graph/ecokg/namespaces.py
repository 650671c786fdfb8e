"""Namespaces: the one place where ecokg's namespaces are defined (instance IRIs: :mod:`ecokg.dataset.iris`).

The ontology namespace ``ECO`` is *closed*: using a term that the ontology does not
define raises ``AttributeError``, as rdflib's own vocabulary namespaces do.

>>> from ecokg.namespaces import ECO, ID
>>> ECO.Company
rdflib.term.URIRef('https://w3id.org/ecokg/ontology#Company')
>>> ID["taiping_bird"]
rdflib.term.URIRef('https://w3id.org/ecokg/id/taiping_bird')
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/ecokg/"
ONTOLOGY_IRI = URIRef(BASE + "ontology")

ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SOURCE = Namespace(BASE + "source/")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")


class ECO(DefinedNamespace):
    """The ecokg ontology's terms (generated from ``ontology/ecokg.ttl``; a test keeps them equal)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    Actual: URIRef
    AdministrativeArea: URIRef
    Association: URIRef
    Brand: URIRef
    Byline: URIRef
    Campaign: URIRef
    Campus: URIRef
    City: URIRef
    CodeScheme: URIRef
    CommercialDistrict: URIRef
    Company: URIRef
    ContributorRole: URIRef
    Count: URIRef
    Country: URIRef
    CountyLevelCity: URIRef
    Designation: URIRef
    DesignationScheme: URIRef
    DigitalPlatform: URIRef
    District: URIRef
    DivisionScheme: URIRef
    Entity: URIRef
    Event: URIRef
    Forecast: URIRef
    GovernmentBody: URIRef
    Growth: URIRef
    Increase: URIRef
    Indicator: URIRef
    IndicatorScheme: URIRef
    IndustryClassificationScheme: URIRef
    IndustryCluster: URIRef
    IndustrySector: URIRef
    InnovationBlock: URIRef
    InnovationCentre: URIRef
    Level: URIRef
    MeasureType: URIRef
    Meeting: URIRef
    NewArea: URIRef
    Observation: URIRef
    Organization: URIRef
    Park: URIRef
    Person: URIRef
    Place: URIRef
    Plan: URIRef
    Policy: URIRef
    PolicyDocument: URIRef
    Post: URIRef
    Product: URIRef
    Programme: URIRef
    Project: URIRef
    Province: URIRef
    Rank: URIRef
    Reform: URIRef
    Region: URIRef
    ResearchInstitute: URIRef
    RoleGraphics: URIRef
    RoleReporter: URIRef
    RolePhotos: URIRef
    RoleReportingGroup: URIRef
    SectorScheme: URIRef
    Sentence: URIRef
    Share: URIRef
    SoftwareSystem: URIRef
    SourceArticle: URIRef
    Statement: URIRef
    Status: URIRef
    Strategy: URIRef
    Target: URIRef
    Town: URIRef
    Unit: URIRef
    University: URIRef
    Venue: URIRef
    Zone: URIRef
    about: URIRef
    area: URIRef
    asOf: URIRef
    authorOf: URIRef
    awardedBy: URIRef
    brandOf: URIRef
    broughtInBy: URIRef
    byline: URIRef
    campusOf: URIRef
    classificationLevel: URIRef
    comparedTo: URIRef
    contributor: URIRef
    contributorRole: URIRef
    cooperatesWith: URIRef
    countsHoldersOf: URIRef
    cultivates: URIRef
    date: URIRef
    dateInference: URIRef
    datePrecision: URIRef
    developedBy: URIRef
    developsSector: URIRef
    division: URIRef
    divisionCode: URIRef
    divisionLevel: URIRef
    endOffset: URIRef
    exclusionNote: URIRef
    exportsTo: URIRef
    factsGraph: URIRef
    foundedOn: URIRef
    hasDesignation: URIRef
    hasIndustry: URIRef
    heldAt: URIRef
    heldOn: URIRef
    holder: URIRef
    hostedBy: URIRef
    implements: URIRef
    inSector: URIRef
    inSource: URIRef
    indicator: URIRef
    intendsToProduce: URIRef
    investsIn: URIRef
    issuedBy: URIRef
    issuedOn: URIRef
    launchedOn: URIRef
    ledBy: URIRef
    lineNumber: URIRef
    locatedIn: URIRef
    mappingNote: URIRef
    measure: URIRef
    memberOf: URIRef
    mentionedIn: URIRef
    multiplier: URIRef
    note: URIRef
    onFormerSiteOf: URIRef
    openedOn: URIRef
    operates: URIRef
    organizedBy: URIRef
    partOf: URIRef
    participatedIn: URIRef
    period: URIRef
    postIn: URIRef
    postTitle: URIRef
    produces: URIRef
    qualifier: URIRef
    rankScope: URIRef
    refArea: URIRef
    reliesOn: URIRef
    replacedBy: URIRef
    reportedValue: URIRef
    reporter: URIRef
    role: URIRef
    sector: URIRef
    sentenceNumber: URIRef
    setsGoal: URIRef
    settledIn: URIRef
    sha256: URIRef
    signedWith: URIRef
    since: URIRef
    sourceFile: URIRef
    speakerPost: URIRef
    startOffset: URIRef
    statedBy: URIRef
    status: URIRef
    strategicEmergingCategory: URIRef
    strategicEmergingIndustry: URIRef
    strategicEmergingPartial: URIRef
    subOrganizationOf: URIRef
    subsidiaryOf: URIRef
    supports: URIRef
    targetsSector: URIRef
    text: URIRef
    timeExpression: URIRef
    unit: URIRef
    unitCNY: URIRef
    unitCount: URIRef
    unitDay: URIRef
    unitIndex: URIRef
    unitMu: URIRef
    unitPercent: URIRef
    unitPerson: URIRef
    unitRank: URIRef
    unitTimes: URIRef
    unitTonne: URIRef
    unitTrips: URIRef
    unitYear: URIRef
    until: URIRef
    unveiledOn: URIRef
    value: URIRef
    valueNormalized: URIRef
    withinDivision: URIRef
    year: URIRef
    yearUnstated: URIRef


class ANA(DefinedNamespace):
    """The terms of the analysis graph (``ekgg:analysis``, written by ``ecokg analyze``), each
    described inside that graph (:data:`ecokg.network.export.ANALYSIS_TERMS`; a test keeps them equal).

    >>> ANA.pagerank
    rdflib.term.URIRef('https://w3id.org/ecokg/analysis#pagerank')
    """

    _NS = Namespace(BASE + "analysis#")
    _fail = True

    articulationPoint: URIRef
    betweenness: URIRef
    closeness: URIRef
    community: URIRef
    componentSize: URIRef
    components: URIRef
    coreNumber: URIRef
    cutOff: URIRef
    degree: URIRef
    edges: URIRef
    eigenvector: URIRef
    inputSha256: URIRef
    modularity: URIRef
    nodes: URIRef
    pagerank: URIRef
    sampleSize: URIRef
    seed: URIRef
    weighting: URIRef


ONTOLOGY_GRAPH = GRAPH["ontology"]
SOURCES_GRAPH = GRAPH["sources"]
ANALYSIS_GRAPH = GRAPH["analysis"]
#: The asserted graph (every fact once: :mod:`ecokg.dataset.asserted`) under a name of its own, for
#: stores whose default graph cannot be written or named (Virtuoso); elsewhere it is the default graph.
ASSERTED_GRAPH = GRAPH["asserted"]

PREFIXES: dict[str, str] = {
    "eco": str(ECO._NS),
    "ekg": str(ID),
    "ekgg": str(GRAPH),
    "src": str(SOURCE),
    "ana": str(ANA._NS),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": str(SCHEMA),
    "qb": str(QB),
    "dcterms": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}
