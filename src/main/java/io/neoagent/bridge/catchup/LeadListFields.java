package io.neoagent.bridge.catchup;

import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where each field of the webhook's event is found in a record of neoagent's lead list: names to try in order, the
 * first one present wins. The defaults take the webhook's own names and the likely others.
 *
 * @param fullName a whole name, split into first name (its first word) and last name (the rest) when the record has
 *                 neither of those
 */
public record LeadListFields(
        @DefaultValue("SerialNumber,serialNumber") List<String> serialNumber,
        @DefaultValue("Type,type") List<String> type,
        @DefaultValue("FirstName,firstName,First Name") List<String> firstName,
        @DefaultValue("LastName,lastName,Last Name") List<String> lastName,
        @DefaultValue("Name,name,FullName") List<String> fullName,
        @DefaultValue("Email,email,EmailAddress") List<String> email,
        @DefaultValue("PhoneNumber,Phone,phone,phoneNumber") List<String> phoneNumber,

        @DefaultValue("CreateTime,CreatedTime,createTime,createdTime,CreatedAt")
        List<String> createTime,

        @DefaultValue("Content,content,Message") List<String> content,

        @DefaultValue("ID session,SessionID,sessionID,SessionId,sessionId")
        List<String> session,

        @DefaultValue("URI,Url,URL,uri") List<String> uri) {}
