namespace PrivateDomain.Realtime.Silo.Demo;

/// <summary>
/// The demo brand: three cities with twenty stores each at real shopping areas (coordinates to about 100 m),
/// 200 SKUs, five guides per store in six branch teams, and a thousand members. Everything is derived
/// deterministically from the ids, so docs, tests and load tests can name "sh-01" or "sku-0001".
/// </summary>
public static class DemoBrand
{
    public const string BrandAccountId = "brand";
    public const int SkuCount = 200;
    public const int GuidesPerStore = 5;
    public const int MemberCount = 1000;

    /// <summary>Paid orders the demo starts with, spread over guides, stores, cities and the live rooms.</summary>
    public const int OpeningOrderCount = 60;

    public static readonly IReadOnlyList<DemoCity> Cities =
    [
        new("shanghai", "Shanghai", "sh", ["team-sh-puxi", "team-sh-pudong"],
        [
            new("Nanjing Road East", 31.2352, 121.4800),
            new("Lujiazui IFC", 31.2376, 121.5003),
            new("Xujiahui", 31.1955, 121.4366),
            new("Jing'an Temple", 31.2231, 121.4455),
            new("People's Square", 31.2323, 121.4735),
            new("Wujiaochang", 31.3005, 121.5140),
            new("Zhongshan Park", 31.2227, 121.4166),
            new("Xintiandi", 31.2197, 121.4752),
            new("Zhangjiang", 31.2030, 121.5870),
            new("Hongqiao Tiandi", 31.1960, 121.3215),
            new("Qibao", 31.1567, 121.3510),
            new("Songjiang Wanda", 31.0325, 121.2300),
            new("Anting", 31.2950, 121.1640),
            new("Jinqiao", 31.2650, 121.5900),
            new("Tianzifang", 31.2080, 121.4690),
            new("Gubei", 31.1950, 121.3950),
            new("North Bund", 31.2560, 121.4840),
            new("Xinzhuang", 31.1110, 121.3850),
            new("Baoshan Wanda", 31.3990, 121.4530),
            new("Pudong Airport T2", 31.1510, 121.8020, CanShip: false),
        ]),
        new("beijing", "Beijing", "bj", ["team-bj-north", "team-bj-south"],
        [
            new("Wangfujing", 39.9140, 116.4110),
            new("Sanlitun", 39.9365, 116.4551),
            new("Guomao CBD", 39.9087, 116.4605),
            new("Xidan", 39.9100, 116.3740),
            new("Zhongguancun", 39.9830, 116.3150),
            new("Wudaokou", 39.9925, 116.3380),
            new("Wangjing", 39.9960, 116.4700),
            new("Chaoyang Joy City", 39.9240, 116.5180),
            new("Qianmen", 39.8990, 116.3980),
            new("Financial Street", 39.9160, 116.3590),
            new("Shuangjing", 39.8935, 116.4620),
            new("Wukesong", 39.9070, 116.2740),
            new("Lido", 39.9780, 116.4830),
            new("Yizhuang", 39.7950, 116.5060),
            new("Tongzhou Wanda", 39.9090, 116.6560),
            new("Huilongguan", 40.0750, 116.3280),
            new("Tiantongyuan", 40.0680, 116.4190),
            new("Fengtai Science Park", 39.8280, 116.2850),
            new("Shijingshan Wanda", 39.9060, 116.2200),
            new("Beijing South Station", 39.8650, 116.3790, CanShip: false),
        ]),
        new("hangzhou", "Hangzhou", "hz", ["team-hz-lake", "team-hz-river"],
        [
            new("Wulin Square", 30.2720, 120.1630),
            new("Hubin West Lake", 30.2580, 120.1650),
            new("Qianjiang New Town", 30.2450, 120.2110),
            new("Xixi", 30.2750, 120.0680),
            new("Binjiang Star Avenue", 30.2080, 120.2120),
            new("Huanglong", 30.2700, 120.1350),
            new("Wensan Road", 30.2800, 120.1330),
            new("Xiaoshan Center", 30.1630, 120.2670),
            new("Linping", 30.4200, 120.3000),
            new("Grand Canal Gongshu", 30.3100, 120.1460),
            new("Xiasha", 30.3050, 120.3400),
            new("Future Sci-Tech City", 30.2900, 120.0000),
            new("Hangzhou East Station", 30.2910, 120.2130, CanShip: false),
            new("Xianghu", 30.1460, 120.2240),
            new("Longhu Binjiang", 30.2150, 120.1870),
            new("Sandun", 30.3380, 120.1020),
            new("Liangzhu", 30.3770, 120.0320),
            new("Qingchun Road", 30.2600, 120.1780),
            new("Fuyang", 30.0490, 119.9600),
            new("Zhijiang", 30.1800, 120.1200),
        ]),
    ];

    private static readonly string[] ProductLines =
    [
        "Hydrating Serum", "Vitamin C Essence", "Repair Night Cream", "Gentle Cleanser", "Sun Shield SPF50",
        "Silk Foundation", "Velvet Lipstick", "Volume Mascara", "Eye Palette", "Setting Spray",
        "Rose Eau de Parfum", "Cedar Cologne", "Argan Hair Oil", "Scalp Shampoo", "Body Lotion",
        "Hand Cream", "Sheet Mask", "Eye Cream", "Toner Mist", "Lip Balm",
    ];

    private static readonly string[] Variants = ["15ml", "30ml", "50ml", "100ml", "Travel", "Gift Set", "Refill", "Duo", "Limited", "Classic"];

    private static readonly string[] Promotions = ["满300减30", "第二件半价", "会员专享9折", "Buy 2, get a travel size"];

    public static string StoreId(DemoCity city, int index) => $"{city.StorePrefix}-{index + 1:00}";

    /// <summary>Units of a SKU a store holds: 0 to 60, with roughly one empty shelf in ten so allocation has to choose.</summary>
    public static long StockOf(int storeIndex, int skuIndex)
    {
        var spread = (storeIndex * 7 + skuIndex * 13) % 67;
        return spread < 7 ? 0 : spread - 6;
    }

    /// <summary>Every store prices ten SKUs itself (5% or 10% under list), with a promotion on some of them.</summary>
    public static IEnumerable<(int SkuIndex, long Price, string? Promotion)> StorePricesOf(int storeIndex)
    {
        for (var i = 0; i < 10; i++)
        {
            var skuIndex = (storeIndex * 17 + i * 19) % SkuCount;
            var price = SkuListPrice(skuIndex) * (i % 2 == 0 ? 95 : 90) / 100;
            yield return (skuIndex, price, i % 3 == 0 ? Promotions[(storeIndex + i) % Promotions.Length] : null);
        }
    }

    /// <summary>A SKU the store does not price itself: the next in the sequence <see cref="StorePricesOf"/> takes its ten from.</summary>
    public static int UnpricedSkuOf(int storeIndex) => (storeIndex * 17 + 10 * 19) % SkuCount;

    /// <summary>Every third store is run by a franchisee, whose share of each sale goes to the dealer's account.</summary>
    public static bool IsFranchise(int storeIndex) => storeIndex % 3 == 2;

    public static string SkuId(int index) => $"sku-{index + 1:0000}";

    /// <summary>The demo PK: Shanghai's two teams on sales this week.</summary>
    public const string PkId = "demo-pk-shanghai";

    /// <summary>Each team's target in the demo PK, in fen: ¥30,000, about a third of it reached by the opening orders.</summary>
    public const long PkSalesTarget = 3_000_000;

    public static string GuideId(int index) => $"guide-{index + 1:000}";

    /// <summary>A branch team's name: its city and the part of the city it covers ("team-sh-puxi" → "Shanghai Puxi").</summary>
    public static string TeamName(DemoCity city, string teamId)
    {
        var part = teamId[(teamId.LastIndexOf('-') + 1)..];
        return $"{city.Name} {char.ToUpperInvariant(part[0])}{part[1..]}";
    }

    public static string MemberId(int index) => $"member-{index + 1:0000}";

    /// <summary>Five guides per store, numbered store by store; the first ten stores of a city are its first team.</summary>
    public static IEnumerable<(string GuideId, string StoreId, string TeamId)> Guides() =>
        Cities.SelectMany(city => city.Sites.Select((_, storeIndex) => (city, storeIndex)))
            .SelectMany((store, storeNumber) => Enumerable.Range(0, GuidesPerStore).Select(g =>
                (GuideId(storeNumber * GuidesPerStore + g), StoreId(store.city, store.storeIndex), store.city.Teams[store.storeIndex < 10 ? 0 : 1])));

    private static readonly string[] Surnames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"];
    // Ten surnames by thirty given names: any 300 consecutive people (all the guides) have different names.
    private static readonly string[] GivenNames =
    [
        "Fang", "Min", "Jing", "Lei", "Yan", "Hui", "Xin", "Ting", "Jun", "Na",
        "Wei", "Qiang", "Li", "Yun", "Tao", "Ming", "Hong", "Xia", "Bo", "Ying",
        "Chao", "Dan", "Feng", "Hao", "Jie", "Kai", "Lan", "Ning", "Rui", "Yue",
    ];
    private static readonly string[] Tags = ["age:20-29", "age:30-39", "skin:dry", "skin:oily", "price-sensitive", "gift-buyer"];

    public static string PersonName(int index) => $"{Surnames[index % Surnames.Length]} {GivenNames[index / Surnames.Length % GivenNames.Length]}";

    public static string MemberName(int index) => PersonName(MemberPerson(index));

    public static IReadOnlyList<string> MemberTags(int index)
    {
        var person = MemberPerson(index);
        return [Tags[person % 2], Tags[2 + person / 2 % 2], .. person % 5 == 0 ? [Tags[4]] : Array.Empty<string>()];
    }

    /// <summary>
    /// Which person a member is. Names repeat every 300 people, and members are bound to the 300 guides in turn, so
    /// members 300 apart share a guide; each further 300 members are shifted by eleven people, or every guide's
    /// customers would all have one name and the same tags.
    /// </summary>
    private static int MemberPerson(int index) => index + index / (Surnames.Length * GivenNames.Length) * 11;

    public static string SkuName(int index) => $"{ProductLines[index % ProductLines.Length]} {Variants[index / ProductLines.Length % Variants.Length]}";

    /// <summary>29 to 1,299 yuan, in fen, spread deterministically.</summary>
    public static long SkuListPrice(int index) => (29 + (index * 137 % 1271)) * 100;
}
