using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using ExtractApi.Api;
using ExtractApi.Auth;
using ExtractApi.Jobs.Database;
using ExtractApi.Jobs.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ExtractApi.Dialects.Docmap;

/// <summary>Docmap templates: the variables an extraction fills. Each belongs to the user who made it.</summary>
public static partial class DocmapTemplatesApi
{
    /// <summary>The types the extractor knows how to fill (string, number, currency, integer, boolean, date, email, url, list...).</summary>
    public static IReadOnlyCollection<string> VariableTypes => Extraction.TemplateSchema.KnownTypes;

    internal static IEndpointRouteBuilder MapDocmapTemplates(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/templates").WithTags("Docmap").RequireAuthorization();

        group.MapPost("/", Create)
            .WithName("DocmapCreateTemplate")
            .WithSummary("Creates a template: `variables[{name, type, description}]`, type e.g. string, number, currency, integer, boolean, date, email, url, list.")
            .Accepts<DocmapTemplateRequest>("application/json")
            .ProducesErrors<DocmapError>(400, 401, 413, 429);
        group.MapGet("/", List)
            .WithName("DocmapListTemplates")
            .ProducesErrors<DocmapError>(401);
        group.MapGet("/{id}", Get)
            .WithName("DocmapGetTemplate")
            .ProducesErrors<DocmapError>(401, 403, 404);
        group.MapDelete("/{id}", Delete)
            .WithName("DocmapDeleteTemplate")
            .ProducesErrors<DocmapError>(401, 403, 404);
        return app;
    }

    private static async Task<Results<Created<DocmapEnvelope<DocmapTemplate>>, JsonHttpResult<DocmapError>>> Create(HttpContext context, Caller caller,
        JobsDbContext db, CancellationToken cancellationToken)
    {
        var (body, jsonError) = await JsonBody.ReadAsync(context.Request, cancellationToken);
        if (jsonError is not null) return jsonError.ToDocmap();
        var reader = RequestReader.ForObject(body, out var notObject);
        if (reader is null) return ApiError.BadRequest($"{notObject!.Field} {notObject.Message}").ToDocmap();

        var name = reader.Text("name", required: true, maxLength: 200);
        if (name is { Length: 0 }) reader.Fail("name", "must not be empty");
        var description = reader.Text("description", maxLength: 2000);
        var variables = ReadVariables(reader);
        if (!reader.IsValid) return ApiError.BadRequest(reader.Summary, reader.Errors).ToDocmap();

        var now = DateTime.UtcNow;
        var template = new Template
        {
            Id = "tmpl_" + NewIdSuffix(),
            OwnerSubject = caller.Subject,
            OrganisationId = caller.Organisation,
            Name = name!,
            Description = description,
            Variables = JsonSerializer.Serialize(variables, JsonSerializerOptions.Web),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Templates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created((string?)null, new DocmapEnvelope<DocmapTemplate>(Render(template)));
    }

    private static async Task<Ok<DocmapEnvelope<IReadOnlyList<DocmapTemplate>>>> List(Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var templates = await db.Templates.Where(t => t.OwnerSubject == caller.Subject && t.OrganisationId == caller.Organisation)
            .OrderByDescending(t => t.CreatedAt).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok(new DocmapEnvelope<IReadOnlyList<DocmapTemplate>>(templates.Select(Render).ToList()));
    }

    private static async Task<Results<Ok<DocmapEnvelope<DocmapTemplate>>, JsonHttpResult<DocmapError>>> Get(string id, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (template, error) = await FindAsync(db, id, caller, cancellationToken);
        return template is null ? error!.ToDocmap() : TypedResults.Ok(new DocmapEnvelope<DocmapTemplate>(Render(template)));
    }

    private static async Task<Results<Ok<DocmapEnvelope<DocmapDeleted>>, JsonHttpResult<DocmapError>>> Delete(string id, Caller caller, JobsDbContext db, CancellationToken cancellationToken)
    {
        var (template, error) = await FindAsync(db, id, caller, cancellationToken);
        if (template is null) return error!.ToDocmap();
        await db.Templates.Where(t => t.Id == template.Id).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.Ok(new DocmapEnvelope<DocmapDeleted>(new DocmapDeleted(template.Id, true)));
    }

    /// <summary>The caller's template, or the error to answer: another user's is 403, an unknown one 404.</summary>
    public static async Task<(Template? Template, ApiError? Error)> FindAsync(JobsDbContext db, string id, Caller caller, CancellationToken cancellationToken)
    {
        var template = await db.Templates.FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (template is null) return (null, ApiError.NotFound($"No template exists with ID '{id}'."));
        if (template.OwnerSubject != caller.Subject || template.OrganisationId != caller.Organisation)
        {
            return (null, ApiError.Forbidden("The template belongs to a different user."));
        }
        return (template, null);
    }

    public static DocmapTemplate Render(Template template) => new(template.Id, template.OwnerSubject, template.Name, template.Description,
        JobJson.Parse(template.Variables, "[]"), template.CreatedAt, template.UpdatedAt);

    private static List<DocmapVariable> ReadVariables(RequestReader reader)
    {
        var variables = new List<DocmapVariable>();
        switch (reader.Element("variables"))
        {
            case null:
                reader.Fail("variables", "is required");
                break;
            case { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() is >= 1 and <= 200:
                var index = 0;
                foreach (var item in array.EnumerateArray())
                {
                    var path = $"variables[{index++}]";
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        reader.Fail(path, "must be an object {name, type, description}");
                        continue;
                    }
                    var inner = new RequestReader(item);
                    var name = inner.Text("name", required: true, maxLength: 100);
                    var type = inner.Text("type", maxLength: 20) ?? "string";
                    var description = inner.Text("description", maxLength: 2000);
                    if (name is not null && !VariableName().IsMatch(name)) inner.Fail("name", "must start with a letter and hold only letters, digits and underscores");
                    if (!VariableTypes.Contains(type)) inner.Fail("type", $"must be one of {string.Join(", ", VariableTypes.Order())}");
                    if (name is not null && variables.Any(v => v.Name == name)) inner.Fail("name", $"'{name}' is declared twice");
                    foreach (var error in inner.Errors) reader.Fail($"{path}.{error.Field}", error.Message);
                    if (inner.IsValid) variables.Add(new DocmapVariable(name!, type, description));
                }
                break;
            case { ValueKind: JsonValueKind.Array }:
                reader.Fail("variables", "must hold 1 to 200 variables");
                break;
            default:
                reader.Fail("variables", "must be an array");
                break;
        }
        return variables;
    }

    private static string NewIdSuffix()
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        return string.Create(16, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        });
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
