using System.Text.Json.Nodes;

namespace ExtractApi.Extraction;

/// <summary>
/// Quality of one extraction. Completeness = filled declared leaf fields / declared leaf fields
/// (a leaf counts as filled when it holds a valid value; array item properties count once, when
/// any item has them). Validation = valid values / values found (a value found but not coercible
/// or not valid against the schema is kept out of the data and counts against it; 0 when nothing
/// was found). Composite = 0.6 · completeness + 0.4 · validation: what was found matters more than
/// how clean it was, but a page of unusable values still scores low.
/// </summary>
public sealed record QualityScores(
    double Completeness,
    double Validation,
    double Composite,
    int DeclaredFields,
    int FilledFields,
    int FoundValues,
    int ValidValues)
{
    public const double CompletenessWeight = 0.6;
    public const double ValidationWeight = 0.4;

    public static QualityScores From(int declaredFields, int filledFields, int foundValues, int validValues)
    {
        var completeness = declaredFields == 0 ? 0 : (double)filledFields / declaredFields;
        var validation = foundValues == 0 ? 0 : (double)validValues / foundValues;
        var composite = (CompletenessWeight * completeness) + (ValidationWeight * validation);
        return new QualityScores(Math.Round(completeness, 4), Math.Round(validation, 4), Math.Round(composite, 4), declaredFields, filledFields, foundValues, validValues);
    }
}
