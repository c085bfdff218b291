using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace WwanProto.Bench;

/// <summary>One item of the native image: what it belongs to (assembly, namespace, type, member) and its bytes.</summary>
internal sealed record SizedItem(string Kind, string Assembly, string Namespace, string Type, string Member, long Bytes);

/// <summary>
/// Reads the ILCompiler's size statistics (`-p:IlcGenerateMstatFile=true` writes obj/.../native/NAME.mstat,
/// format 2.x). The file is an ECMA-335 assembly whose &lt;Module&gt; methods list the image's parts as IL:
/// each record is an `ldtoken` (method, type, field) or `ldstr` (blob name) followed by `ldc.i4` numbers,
/// the first being the bytes. Methods: code, then GC info, then EH info (the three are summed here);
/// Types: the method table; FrozenObjects: preallocated objects (string literals, static data) by type;
/// RvaFields: static data blobs; Blobs: runtime tables (metadata, maps); DeduplicatedMethods (2.2, net10): methods
/// folded into an identical body (0 bytes here: the body counts under Methods).
/// </summary>
internal static class MstatReader
{
    public static List<SizedItem> Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var names = new TokenNames(md);
        var items = new List<SizedItem>();
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if (md.GetString(md.GetTypeDefinition(method.GetDeclaringType()).Name) != "<Module>") continue;
            var kind = md.GetString(method.Name);
            var records = Records(md, pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader()).ToList();
            // Format 2.2: each folded method is two records, (the method, 1) then (the body it was folded into, its name's
            // offset). A folded method has no bytes of its own; its body counts once, under Methods.
            if (kind == "DeduplicatedMethods") records = records.Where((_, i) => i % 2 == 0).Select(r => (r.Token, new List<long> { 0 })).ToList();
            foreach (var (token, numbers) in records)
            {
                var bytes = kind == "Methods" ? numbers.Take(3).Sum() : numbers.FirstOrDefault();
                var owner = token is string blob ? new Owner("(runtime)", "(blobs)", blob, "") : names.Of((EntityHandle)token);
                items.Add(new SizedItem(kind, owner.Assembly, owner.Namespace, owner.Type, owner.Member, bytes));
            }
        }
        return items;
    }

    /// <summary>The records of one list: (token handle or blob name, numbers after it).</summary>
    private static IEnumerable<(object Token, List<long> Numbers)> Records(MetadataReader md, BlobReader il)
    {
        object? token = null;
        var numbers = new List<long>();
        while (il.RemainingBytes > 0)
        {
            var op = il.ReadByte();
            if (op is 0xD0 or 0x72) // ldtoken, ldstr
            {
                if (token is not null) yield return (token, numbers);
                var raw = il.ReadInt32();
                token = op == 0xD0 ? MetadataTokens.EntityHandle(raw) : md.GetUserString(MetadataTokens.UserStringHandle(raw & 0xFFFFFF));
                numbers = [];
                continue;
            }
            numbers.Add(op switch
            {
                0x20 => il.ReadInt32(),              // ldc.i4
                0x1F => il.ReadSByte(),              // ldc.i4.s
                >= 0x16 and <= 0x1E => op - 0x16,    // ldc.i4.0 .. ldc.i4.8
                0x15 => -1,                          // ldc.i4.m1
                _ => throw new InvalidDataException($"mstat: unexpected IL opcode 0x{op:x2}"),
            });
        }
        if (token is not null) yield return (token, numbers);
    }

    private sealed record Owner(string Assembly, string Namespace, string Type, string Member);

    /// <summary>Names for the tokens an mstat file uses; a generic instantiation counts under its definition.</summary>
    private sealed class TokenNames(MetadataReader md) : ISignatureTypeProvider<Owner, object?>
    {
        public Owner Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => Type((TypeDefinitionHandle)handle),
            HandleKind.TypeReference => Type((TypeReferenceHandle)handle),
            HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            HandleKind.MethodDefinition => Member(Type(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()),
                md.GetString(md.GetMethodDefinition((MethodDefinitionHandle)handle).Name)),
            HandleKind.FieldDefinition => Member(Type(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()),
                md.GetString(md.GetFieldDefinition((FieldDefinitionHandle)handle).Name)),
            HandleKind.MemberReference => Member(Of(md.GetMemberReference((MemberReferenceHandle)handle).Parent),
                md.GetString(md.GetMemberReference((MemberReferenceHandle)handle).Name)),
            HandleKind.MethodSpecification => Of(md.GetMethodSpecification((MethodSpecificationHandle)handle).Method) is var m
                ? m with { Member = m.Member + "<>" } : throw new InvalidOperationException(),
            _ => new Owner("?", "?", handle.Kind.ToString(), ""),
        };

        private static Owner Member(Owner type, string name) => type with { Member = name };

        private Owner Type(TypeDefinitionHandle handle)
        {
            var t = md.GetTypeDefinition(handle);
            if (t.GetDeclaringType() is { IsNil: false } outer) { var o = Type(outer); return o with { Type = o.Type + "+" + md.GetString(t.Name) }; }
            return new Owner(md.GetString(md.GetAssemblyDefinition().Name), md.GetString(t.Namespace), md.GetString(t.Name), "");
        }

        private Owner Type(TypeReferenceHandle handle)
        {
            var t = md.GetTypeReference(handle);
            var name = md.GetString(t.Name);
            return t.ResolutionScope.Kind switch
            {
                HandleKind.TypeReference => Type((TypeReferenceHandle)t.ResolutionScope) is var o ? o with { Type = o.Type + "+" + name } : null!,
                HandleKind.AssemblyReference => new Owner(md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)t.ResolutionScope).Name), md.GetString(t.Namespace), name, ""),
                _ => new Owner("?", md.GetString(t.Namespace), name, ""),
            };
        }

        public Owner GetGenericInstantiation(Owner genericType, ImmutableArray<Owner> typeArguments) => genericType;
        public Owner GetArrayType(Owner elementType, ArrayShape shape) => elementType with { Type = elementType.Type + "[,]" };
        public Owner GetSZArrayType(Owner elementType) => elementType with { Type = elementType.Type + "[]" };
        public Owner GetByReferenceType(Owner elementType) => elementType;
        public Owner GetPointerType(Owner elementType) => elementType;
        public Owner GetPinnedType(Owner elementType) => elementType;
        public Owner GetFunctionPointerType(MethodSignature<Owner> signature) => new("?", "", "fnptr", "");
        public Owner GetGenericMethodParameter(object? context, int index) => new("?", "", "!!" + index, "");
        public Owner GetGenericTypeParameter(object? context, int index) => new("?", "", "!" + index, "");
        public Owner GetModifiedType(Owner modifier, Owner unmodifiedType, bool isRequired) => unmodifiedType;
        public Owner GetPrimitiveType(PrimitiveTypeCode typeCode) => new("System.Private.CoreLib", "System", typeCode.ToString(), "");
        public Owner GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Type(handle);
        public Owner GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Type(handle);
        public Owner GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, context);
    }
}
